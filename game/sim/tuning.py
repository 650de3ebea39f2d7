"""Every number that sets how the game feels, in sub-pixel units per tick (1/256 px, 1/60 s).

Kept in one place so a designer can tune the feel without hunting through the systems.
"""

# Naruto
RUN_SPEED = 600  # ~2.3 px/tick, 140 px/s
RUN_ACCEL_GROUND = 90
RUN_ACCEL_AIR = 55
GROUND_FRICTION = 110
GRAVITY = 50
MAX_FALL = 1600
JUMP_SPEED = 1300  # a full jump clears about four tiles
JUMP_CUT_DIVISOR = 2  # releasing jump early divides the upward speed
COYOTE_TICKS = 6  # jump still allowed this long after leaving a ledge
JUMP_BUFFER_TICKS = 6  # a jump pressed this early before landing still happens
WALL_SLIDE_SPEED = 160  # clinging slows the fall to this
WALL_RUN_SPEED = 520  # chakra feet: running straight up a wall
WALL_JUMP_PUSH = 560
STUN_TICKS = 45
STUN_GRACE_TICKS = 90  # after a stun, rocks bounce off for this long

# Chakra
CHAKRA_MAX = 1000
CHAKRA_REGEN_PER_TICK = 1
CLONE_COST = 25
CLONE_STREAM_DELAY = 14  # holding the clone button this long starts a stream
CLONE_STREAM_INTERVAL = 5  # one clone every this many ticks while the stream runs
DISPEL_REFUND = 8  # chakra returned per clone when all are dispelled
RASENGAN_COST = 100
RASENGAN_TICKS = 16  # how long the strike lasts
RASENGAN_ACTIVE_TICKS = 10  # the part of the strike that breaks things
RASENGAN_COOLDOWN = 10  # ticks after the strike before the next one
RASENGAN_REACH_PX = 20  # the strike's length in front of him

# Clones
CLONE_SPEED = 520
CLONE_LOADED_SPEED = 330
CLONE_ACCEL = 80
CLONE_CLIMB_SPEED = 460
CLONE_LOADED_CLIMB_SPEED = 280
CLONE_JUMP_SPEED = 1250

# Miners
MINER_WALK_SPEED = 300
MINER_CLIMB_SPEED = 260
MINER_JUMP_SPEED = 1100
GORO_SPEED = 380

# Rocks
ROCK_GRAVITY = 40
ROCK_MAX_FALL = 1500
RUBBLE_CHANCE = (1, 4)  # a landing rock settles as rubble with this chance, else shatters
STAGE_RATE_MULTIPLIER = (1, 2, 4, 7)  # rock rate per collapse stage 1..4
STAGE_STARTS_PERMILLE = (1000, 500, 250, 100)  # stage n begins with this much of the time left

# Fire ignition
FIRE_COST = 80
FIRE_COOLDOWN = 30
FIRE_REACH_PX = 56

# Chakra-boosted jump (up + jump on the ground): the leap across the chasm
BOOST_COST = 120
BOOST_JUMP_SPEED = 1350
BOOST_RUN_SPEED = 980
CLONE_BOOST_SPEED = 940
CLONE_BOOST_JUMP = 1300

# Chasms
RESPAWN_STUN_TICKS = 40  # climbing back out costs Naruto this long

# Transformation: disguised as a Silvermane guard, the guards let Naruto through
TRANSFORM_COST = 200  # chakra, paid up front; chakra does not recover while disguised
TRANSFORM_TICKS = 240  # how long the disguise holds (4 s)

# The guards' line
SHOVE_SPEED = 520  # a guard pushes Naruto back at this speed
SHOVE_TICKS = 20  # one shove sound per this many ticks of pushing

# Multi Shadow Clone (a `multi_clone` Trigger): the burst of clones, this many a tick
CLONE_BURST_PER_TICK = 12
