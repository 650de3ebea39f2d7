"""The plain `Level` the simulation and the renderer see; nothing here knows about Tiled."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class MapError(Exception):
    """A problem with a map file, phrased for the level designer.

    str(error) is one line: ``FILE: object ID (NAME): message`` when an object is at fault,
    ``FILE: message`` otherwise.
    """

    def __init__(self, path: str, message: str, obj_id: int | None = None, obj_name: str = ""):
        self.path = path
        self.message = message
        self.obj_id = obj_id
        self.obj_name = obj_name
        super().__init__(self.line())

    def line(self) -> str:
        if self.obj_id is not None:
            name = self.obj_name if len(self.obj_name) <= 80 else self.obj_name[:80] + "..."
            text = f"{self.path}: object {self.obj_id} ({name}): {self.message}"
        else:
            text = f"{self.path}: {self.message}"
        # A name or value from the map may hold a line break (&#10;): keep it one line.
        return text.replace("\r", "\\r").replace("\n", "\\n")


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in pixels."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, px: int, py: int) -> bool:
        return self.x <= px < self.x + self.w and self.y <= py < self.y + self.h


@dataclass(frozen=True)
class MinerSpec:
    obj_id: int
    name: str
    x: int  # feet position in pixels: centre x, bottom y
    y: int
    injured: bool = False
    last_out: bool = False  # Natasha: leaves only when nobody else of her chamber waits
    carrier: bool = False  # Goro: once reached, carries one injured miner out himself
    chamber: str = ""
    says: str = ""  # a line shown in a dialogue box when this miner is rescued (Ludo)


@dataclass(frozen=True)
class CrackZoneSpec:
    obj_id: int
    name: str
    rect: Rect
    rate: int = 100  # rocks per minute at collapse stage 1; later stages multiply it
    fall_speed: int = 0  # top falling speed in px/s; 0 = a free fall. Slow rocks are the
    # stepping stones of the shaft climb.


@dataclass(frozen=True)
class ChamberSpec:
    """A pocket of air. While no path joins it to an exit, its air runs down with every
    person inside; once opened, fresh air flows back in."""

    obj_id: int
    name: str  # Miner objects name their chamber with this
    rect: Rect
    air_seconds: int = 120  # how long the air lasts for one person


@dataclass(frozen=True)
class BrazierSpec:
    """An iron brazier or torch: Fire ignition lights it, and a lit one lights the dark."""

    obj_id: int
    name: str
    x: int  # centre of its base, pixels
    y: int
    lit: bool = False
    radius: int = 96  # light radius in pixels


TRIGGER_EVENTS = ("floor_collapse", "seal", "dialogue", "multi_clone", "hint")


@dataclass(frozen=True)
class TriggerSpec:
    """A rectangle that fires once when Naruto first enters it.

    floor_collapse: every solid tile inside `area` falls away.
    seal: every empty cell inside `area` fills with rock (the mine mouth caving in behind him).
    dialogue: shows `text` in a dialogue box.
    multi_clone: Naruto casts the Multi Shadow Clone: `count` clones pour out around him,
    a dozen a tick, free of chakra.
    hint: no event at all for the simulation (it never fires); the play screen shows `text`
    as a prompt while Naruto's centre is inside the rectangle (game/render/hints.py).
    `area` is the rectangle acted on: the trigger's own, or another object's (the Tiled
    object property `target`), so a seal can close a passage Naruto has already left.
    """

    obj_id: int
    name: str
    rect: Rect
    event: str
    text: str = ""
    target: Rect | None = None
    count: int = 0  # clones a multi_clone trigger pours out

    @property
    def area(self) -> Rect:
        return self.target or self.rect


@dataclass(frozen=True)
class ChasmSpec:
    """A drop with no bottom: a clone that falls in is gone with its miner (lost), and
    Naruto climbs back out at the last ground he stood on."""

    obj_id: int
    name: str
    rect: Rect


@dataclass(frozen=True)
class SplitSpec:
    """A speedrun split: the run's time is taken when Naruto first enters the rectangle.
    Splits are taken in `order` (then object id); the run's finish is the last split."""

    obj_id: int
    name: str
    rect: Rect
    order: int = 0


@dataclass(frozen=True)
class CrateSpec:
    """A supply crate from Vache's satchel: a free clone lifts it and carries it to a Camp."""

    obj_id: int
    name: str
    x: int  # feet position in pixels: centre x, bottom y
    y: int


@dataclass(frozen=True)
class CampSpec:
    """The medical camp: a crate carried into this rectangle is delivered."""

    obj_id: int
    name: str
    rect: Rect


@dataclass(frozen=True)
class GuardSpec:
    """A Silvermane guard holding the line: pushes Naruto back (unless he is transformed)
    and clones too, until at least `strength` clones push at once; then steps aside for good."""

    obj_id: int
    name: str
    x: int  # feet position in pixels: centre x, bottom y
    y: int
    strength: int = 3
    commander: bool = False  # Commander Morana
    says: str = ""  # shown in a dialogue box when the guard steps aside


FOLK_LOOKS = ("folk", "folk2", "child", "vache", "oleg")


@dataclass(frozen=True)
class FolkSpec:
    """A townsperson: stands, and cheers when the clones first come near (`says` in a bubble)."""

    obj_id: int
    name: str
    x: int  # feet position in pixels
    y: int
    look: str = "folk"
    says: str = ""


@dataclass(frozen=True)
class SectionSpec:
    """One map of a run. A single map is one section covering it; a chain (Full Rescue) is
    its maps stitched side by side into one Level, a section each."""

    name: str
    path: str
    rect: Rect  # the map's area in the level, pixels
    spawn: tuple[int, int]  # Naruto's feet when he arrives, pixels
    dark: bool = False
    ambient_light: int = 100  # how bright a non-dark map is drawn, percent
    music: str = "mine"
    intro: str = ""  # shown when Naruto arrives (the first section's shows at the start)
    first_split: int = 0  # index in Level.splits of this map's first split
    seed: int = 1  # the map's own seed: the world's random numbers restart from it on arrival


@dataclass(frozen=True)
class PassageSpec:
    """Where Naruto crosses into the next map of a chain (that map's Exit)."""

    rect: Rect
    to_section: int


@dataclass(frozen=True)
class TileSource:
    """Where a tile's picture lives: an image file and the source rectangle in it."""

    image: str  # absolute path
    x: int
    y: int
    w: int
    h: int
    flip_x: bool = False
    flip_y: bool = False
    flip_d: bool = False


@dataclass
class Level:
    path: str
    name: str
    width: int  # in tiles
    height: int
    tile_size: int
    flags: np.ndarray  # (height, width) uint8: SOLID | ONE_WAY | BREAKABLE | BURNABLE
    terrain: np.ndarray  # (height, width) int32 gids of the collision layer, 0 = empty
    background: list[np.ndarray]  # gid layers drawn behind the terrain
    foreground: list[np.ndarray]  # gid layers drawn in front of everything
    tiles: dict[int, TileSource]  # gid -> picture
    tile_flags: dict[int, int]  # gid -> flags, for tiles the simulation may place (rubble)
    spawn: tuple[int, int]  # Naruto's feet in pixels
    exits: list[Rect]
    miners: list[MinerSpec]
    crack_zones: list[CrackZoneSpec]
    collapse_seconds: int = 240
    seed: int = 1
    quota: int = 0  # miners needed for Any%; 0 means all of them
    rubble_gid: int = 0  # gid placed where a falling rock comes to rest, 0 = rocks never settle
    seal_gid: int = 0  # gid a "seal" trigger fills cells with (the tile named "rock")
    chambers: list[ChamberSpec] = field(default_factory=list)
    braziers: list[BrazierSpec] = field(default_factory=list)
    triggers: list[TriggerSpec] = field(default_factory=list)
    chasms: list[ChasmSpec] = field(default_factory=list)
    splits: list[SplitSpec] = field(default_factory=list)  # sorted by order, then id
    dark: bool = False  # the mine is dark: only lamps, crystals and fire light it
    intro: str = ""  # dialogue shown when the level starts: each line of it is one box
    properties: dict[str, object] = field(default_factory=dict)
    crates: list[CrateSpec] = field(default_factory=list)
    camps: list[CampSpec] = field(default_factory=list)
    guards: list[GuardSpec] = field(default_factory=list)
    townsfolk: list[FolkSpec] = field(default_factory=list)
    reinforce_seconds: int = 0  # every so often each standing guard grows stronger; 0 = never
    next_map: str = ""  # the next map of the chain, as the map property names it
    # One per map of the run, left to right (filled by the loader; see SectionSpec).
    sections: list[SectionSpec] = field(default_factory=list)
    passages: list[PassageSpec] = field(default_factory=list)
    chain_paths: list[str] = field(default_factory=list)  # the maps of the run, in order
    # The section whose arrival starts the collapse timer, its rocks, air and miners.
    collapse_section: int = 0
    # Naruto starts at a spot picked for testing (`play --spawn-at-object`), not the Spawn:
    # such a run is no run of the map, and keeps no records (game/speedrun/session.py).
    spawn_moved: bool = False

    def __post_init__(self) -> None:
        # A level built in code (tests, tools) is one map: its one section covers it.
        if not self.sections:
            self.sections = [
                SectionSpec(
                    name=self.name,
                    path=self.path,
                    rect=Rect(0, 0, self.pixel_width, self.pixel_height),
                    spawn=self.spawn,
                    dark=self.dark,
                    intro=self.intro,
                    seed=self.seed,
                )
            ]
        if not self.chain_paths:
            self.chain_paths = [self.path]

    @property
    def run_key(self) -> str:
        """Names the run: the map's path, or every map's of a chain (a town alone and the
        Full Rescue that starts with it are different runs)."""
        return "\n".join(self.chain_paths)

    def section_at(self, px: int, py: int) -> int:
        """The section holding pixel (px, py); the nearest one left of it otherwise."""
        found = 0
        for index, section in enumerate(self.sections):
            if section.rect.x <= px:
                found = index
        return found

    @property
    def pixel_width(self) -> int:
        return self.width * self.tile_size

    @property
    def pixel_height(self) -> int:
        return self.height * self.tile_size
