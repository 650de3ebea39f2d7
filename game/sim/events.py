"""Every kind of event the simulation reports, named once.

Each tick `World.events` holds what happened during it, as `(kind, x_px, y_px)` tuples, for
sound, particles, light and the scene. Emit with the constants here (a plain
`world.events.append((events.JUMP, x, y))`, the tick is hot), and give a new kind a line
below: the mixer (`game.audio.mixing`) and the effects (`game.render.effects`) key their
tables on these names, and `tests/sim/test_events.py` checks every kind is heard, seen, or
deliberately silent. Events are presentation only: no replay or state hash includes them.
"""

from __future__ import annotations

# Naruto
JUMP = "jump"  # Naruto leaves the ground or a wall jumping; x, y: his centre
LAND = "land"  # Naruto touches ground after being airborne; x: his centre, y: his feet
BOOST = "boost"  # Naruto starts a chakra-boosted leap; x, y: his centre
RASENGAN = "rasengan"  # Naruto starts a Rasengan; x, y: his centre
BREAK = "break"  # the Rasengan breaks a breakable tile; x, y: the tile's centre
FIRE = "fire"  # Naruto breathes fire (the ignition burst); x, y: his centre
STUN = "stun"  # a falling rock hits Naruto; x, y: his centre
RESPAWN = "respawn"  # Naruto fell into a chasm and is put back on safe ground; x, y: his centre
DIALOGUE = "dialogue"  # a dialogue box opens (intro, trigger, miner's words); x, y: Naruto's centre

# Clones
CLONE = "clone"  # a shadow clone is made; x, y: Naruto's centre
PUFF = "puff"  # a clone is dispelled (by hand or by a rock); x, y: the clone's centre
FALL = "fall"  # a clone falls into a chasm; x: the clone's centre, y: its top

# Miners
RESCUE = "rescue"  # a miner gets out of the mine; x: the miner's left, y: its top (px)
FAINT = "faint"  # a miner faints for want of air; x: the miner's centre, y: its top

# Rocks
ROCK_LAND = "rock_land"  # a falling rock lands and stays as rubble; x, y: the rock's centre
ROCK_SHATTER = "rock_shatter"  # a rock breaks (landing, a hit, the Rasengan); x, y: its centre

# Fire
IGNITE = "ignite"  # Naruto's fire lights a brazier; x, y: the brazier's map position
BURN = "burn"  # a flammable tile burns away; x, y: the tile's centre

# The map's triggers
FLOOR_COLLAPSE = "floor_collapse"  # a trigger drops a floor; x, y: the trigger area's centre
SEAL = "seal"  # a trigger seals a passage; x, y: the trigger area's centre

# Boulder Town
CRATE_PICKUP = "crate_pickup"  # a clone lifts a supply crate; x, y: the crate's centre
CRATE_DELIVER = "crate_deliver"  # a crate is set down at the camp; x, y: the crate's centre
SHOVE = "shove"  # a guard pushes Naruto back; x, y: his centre
GUARD_ASIDE = "guard_aside"  # the clones walk a guard aside; x, y: the guard's centre
TRANSFORM = "transform"  # Naruto's Transformation starts; x, y: his centre
UNTRANSFORM = "untransform"  # it ends (run out, cancelled or broken); x, y: his centre
CHEER = "cheer"  # a townsperson sees the clones coming; x, y: their feet
PASSAGE = "passage"  # Naruto crosses into the next map of the run; x, y: his new centre

# Speedrun timing
SPLIT = "split"  # Naruto reaches the next split of `level.splits`; x, y: his centre

ALL: frozenset[str] = frozenset(
    {
        JUMP,
        LAND,
        BOOST,
        RASENGAN,
        BREAK,
        FIRE,
        STUN,
        RESPAWN,
        DIALOGUE,
        CLONE,
        PUFF,
        FALL,
        RESCUE,
        FAINT,
        ROCK_LAND,
        ROCK_SHATTER,
        IGNITE,
        BURN,
        FLOOR_COLLAPSE,
        SEAL,
        SPLIT,
        CRATE_PICKUP,
        CRATE_DELIVER,
        SHOVE,
        GUARD_ASIDE,
        TRANSFORM,
        UNTRANSFORM,
        CHEER,
        PASSAGE,
    }
)
