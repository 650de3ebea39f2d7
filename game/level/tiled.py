"""Tiled `.tmx` maps into a plain `Level`, through pytmx.

Map conventions (what a designer must know; maps/README.md will say it at length):

- Orthogonal, finite maps with 16x16 px tiles, saved as `.tmx` (XML). Tile layer data may be
  CSV or Base64 (uncompressed, zlib, gzip or zstd); the old XML-per-tile format is not
  supported. Tilesets may be embedded or external `.tsx` files; their tiles must be 16x16.
- The tile layer named `terrain` (required, exact spelling) is the collision grid. Each
  tile's bool properties `solid`, `one_way`, `breakable`, `burnable` give its flags. The
  terrain layer counts even when hidden in the editor.
- Other visible tile layers are scenery: those drawn before `terrain` go behind it
  (`Level.background`), those after it in front of everything (`Level.foreground`). Layers
  inside group layers count in draw order; a hidden layer, or one in a hidden group, is skipped.
  Image layers are ignored. Layer offsets are not supported (the game would draw the layer
  somewhere else than Tiled does), so an offset layer is reported.
- One tile may have the string property `name` = `rubble`: falling rocks settle as that tile.
  It must be solid and breakable. One tile may be named `rock`: a `seal` Trigger fills the
  mine mouth with it (`Level.seal_gid`). It must be solid.
- Objects on any object layer (hidden ones too: hiding a layer only declutters the editor) are
  read by their class, which Tiled 1.8 and 1.10+ save as `type` and Tiled 1.9 as `class`.
  Templates (`.tx`) are applied. Objects with no class are notes and are ignored. The classes:
  - `Spawn`: exactly one, a point (Naruto's feet) or a rectangle (its bottom-centre).
  - `Exit`: at least one rectangle; a miner inside it is rescued.
  - `Miner`: at least one, a point or rectangle (feet as for Spawn). Properties: `name`
    (string, default the object's name, else "Miner"), `injured`, `last_out`, `carrier`
    (bools, default false), `chamber` (string), `says` (string, default "": a line shown in
    a dialogue box when the miner is rescued).
  - `CrackZone`: a rectangle where rocks fall from; `rate` (int 0..6000, default 100) rocks
    per minute at collapse stage 1.
  - `Chamber`: a rectangle, a pocket of air; its object name (required, unique) is what a
    Miner's `chamber` names. `air_seconds` (int 10..3600, default 120): how long its air
    lasts one person. Once a map has Chamber objects, every Miner's non-empty `chamber` must
    name one, and the miner must stand in it; a map without them may still group miners by
    chamber name alone.
  - `Brazier`: a point or rectangle (its bottom-centre is the base), lit by Fire ignition.
    `lit` (bool, default false: already burning), `radius` (int 16..512, default 96) px of
    light. Its base must rest on a floor (a solid or one-way tile just below, none around it).
  - `Trigger`: a rectangle that fires once when Naruto first enters it. `event` (string,
    required): `floor_collapse` (every solid tile inside falls away; it must cover one),
    `seal` (empty cells inside fill with the `rock` tile, which must exist) or `dialogue`
    (shows `text`, a string that must not be empty). `target` (an object property) names
    another rectangle to act on instead of the trigger's own, e.g. an `Area`.
  - `Area`: a plain rectangle for a Trigger's `target` to point at.
  - `CrackZone` also takes `fall_speed` (int px/s, 0..600, default 0 = free fall): slow
    rocks drift down and can be stood on.
  - `Chasm`: a rectangle with no bottom; falling in loses a clone's miner, and Naruto climbs
    back out at the edge.
  Every classed object must lie inside the map, and Naruto and the miners must not start
  inside a solid tile (hitboxes 10x22 and 10x20 px, standing on the feet point).
- Map properties: `name` (string, default from the file name: great_mine -> "Great Mine"),
  `collapse_seconds` (int 10..3600, default 240), `seed` (int 0..2**31-1, default 1),
  `quota` (int, miners needed for Any%, 0 = all; at most the number of miners), `dark`
  (bool, default false: only lamps, crystals and fire light the mine), `intro` (string,
  default "": a dialogue line when the level starts), `par_seconds` (int 10..3600, default
  180: a good run's time, for the results rank; `Level.properties` always holds it, checked
  and defaulted, beside every other map property as written).

pytmx decodes the layers, tilesets and gids, from the XML tree this module has already parsed
and checked. It renumbers gids in the order it meets them and gives each flipped or rotated
placement of a tile a gid of its own; `Level` keeps pytmx's gids, so `Level.tiles[gid]`
carries the flip flags. Object geometry, group visibility and templates are read from the same
XML, because pytmx drops them (it also mixes the collision shapes of tiles in with the map's
objects).

A map may come from anyone: `precheck.py` reads it through the file gate and checks every
limit of `limits.py` before pytmx sees it (pytmx would crash, hang or run out of memory on a
hostile file), and unpacks compressed layers with a cap.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from xml.etree import ElementTree

import numpy as np

from game.files import MissingFile, UnreadableFile, read_head
from game.level.assets import use_shipped
from game.level.limits import (
    MAX_IMAGE_BYTES,
    MAX_TEMPLATE_BYTES,
    MAX_TILESET_IMAGE_PX,
    read_xml,
)
from game.level.model import Level, Rect, SectionSpec, TileSource
from game.level.precheck import (  # noqa: F401 - UnreadableMap is part of this module's API
    UnreadableMap,
    check_structure,
    clip,
    layer_elements,
    object_problem,
    parse_tmx,
)
from game.level.project import CLASS_PROPERTIES
from game.level.properties import (
    MAP_PROPERTIES,
    MUSIC_CHOICES,
    RUBBLE_NAME,
    SEAL_NAME,
    MapObject,
    Problems,
    Report,
    check_roster,
    check_rubble,
    check_seal_rock,
    did_you_mean,
    int_value,
    map_title,
    read_objects,
    read_properties,
    tile_flags,
)
from game.sim.constants import TILE


def _import_pytmx_without_pygame():
    """pytmx imports pygame when it can, for its optional pygame loader. Importing pygame
    prints a banner on stdout (which would spoil `simulate`'s JSON) and costs time, and the
    loader needs no images: hide pygame while pytmx loads, unless it is already loaded."""
    if "pytmx" in sys.modules or "pygame" in sys.modules:
        import pytmx

        return pytmx
    util_log = logging.getLogger("pytmx.util_pygame")
    was_disabled = util_log.disabled
    util_log.disabled = True  # it logs an error when pygame is missing
    sys.modules["pygame"] = None  # type: ignore[assignment]  # makes `import pygame` fail
    try:
        import pytmx
    finally:
        del sys.modules["pygame"]
        util_log.disabled = was_disabled
    return pytmx


pytmx = _import_pytmx_without_pygame()


# Keys pytmx puts into a tile's property dict from the <tile> element itself, not from the
# designer's custom properties.
_TILE_ATTRIBUTES = {"id", "type", "class", "probability", "width", "height", "frames"}
_TILE_ATTRIBUTES |= {"colliders", "source", "trans", "terrain", "x", "y"}

_SHAPES = ("point", "ellipse", "polygon", "polyline", "text")


def load_level(path: str | os.PathLike) -> Level:
    """Read a `.tmx` map; raise `MapError` (one line: file, object, problem) if anything is
    wrong with it."""
    problems = Problems(os.fspath(path))
    level = read_level(path, problems)
    problems.raise_first()
    assert level is not None  # read_level only gives up after reporting a problem
    return level


def map_objects(path: str | os.PathLike) -> list[MapObject]:
    """Every object of a map, templates applied, for tools that name one by its id (`play
    --spawn-at-object`). Call it on a map `load_level` has read: it reports no problems."""
    shown = os.fspath(path)
    root = parse_tmx(shown)
    return _Reader(shown, root, _open_with_pytmx(shown, root), Problems(shown))._objects()


def read_level(path: str | os.PathLike, problems: Problems) -> Level | None:
    """One pass over a map: report every problem to `problems` and return the Level (None when
    reading had to stop early). Raise `UnreadableMap` if the file is not a map at all."""
    shown = os.fspath(path)
    root = parse_tmx(shown)
    if not check_structure(root, shown, problems):
        return None
    tmx = _open_with_pytmx(shown, root)
    reader = _Reader(shown, root, tmx, problems)
    return reader.level()


def _open_with_pytmx(path: str, root: ElementTree.Element):
    """pytmx reads our already-parsed tree (no second parse; compressed layers already
    unpacked); it still needs the path to find tilesets and images."""
    try:
        # Custom properties may be named like pytmx's own attributes ("name"): allow it.
        tmx = pytmx.TiledMap(allow_duplicate_names=True)
        tmx.filename = path
        return tmx.parse_xml(root)
    except Exception as error:  # pytmx raises bare Exception, ValueError, KeyError, ...
        cause = str(error) or type(error).__name__
        cause = cause if len(cause) <= 200 else cause[:200] + "..."  # it may quote a whole value
        raise UnreadableMap(path, f"pytmx cannot read the map: {cause}") from error


# --- after pytmx ------------------------------------------------------------------------------


class _Reader:
    """Turns one parsed map into a Level, reporting problems as it goes."""

    def __init__(self, path: str, root: ElementTree.Element, tmx, problems: Problems):
        self.path = path
        self.root = root
        self.tmx = tmx
        self.problems = problems
        self.width, self.height = int(tmx.width), int(tmx.height)
        self.parents = {child: parent for parent in root.iter() for child in parent}
        self.templates: dict[str, ElementTree.Element | str] = {}  # file -> object or problem

    def level(self) -> Level:
        tile_flag_by_gid, rubble_gid, seal_gid = self._tile_flags()  # first: registers gids
        tiles = self._tile_sources()
        terrain, background, foreground = self._tile_layers(tiles)
        lut = np.zeros(max(tile_flag_by_gid, default=0) + 1, dtype=np.uint8)
        for gid, tile_flag in tile_flag_by_gid.items():
            lut[gid] = tile_flag
        flags = lut[np.where(terrain < len(lut), terrain, 0)]
        map_properties = empty_strings(self.tmx.properties)
        settings = read_properties(
            map_properties, MAP_PROPERTIES, self.problems.reporter(""), "map property"
        )
        objects = self._objects()
        roster = read_objects(objects, self.width * TILE, self.height * TILE, self.problems)
        check_roster(roster, flags, TILE, int_value(settings["quota"]), self.problems, seal_gid)
        stem = os.path.splitext(os.path.basename(self.path))[0]
        music = str(settings["music"])
        if music not in MUSIC_CHOICES:
            hint = did_you_mean(music, MUSIC_CHOICES)
            known = ", ".join(MUSIC_CHOICES)
            self.problems.add(f"map property 'music' is '{clip(music)}'{hint}; one of: {known}")
            music = "mine"
        name = str(settings["name"]) or map_title(stem)
        spawn = roster.spawns[0][1] if roster.spawns else (0, 0)
        intro = str(settings["intro"])
        section = SectionSpec(
            name=name,
            path=self.path,
            rect=Rect(0, 0, self.width * TILE, self.height * TILE),
            spawn=spawn,
            dark=bool(settings["dark"]),
            ambient_light=int_value(settings["ambient_light"]),
            music=music,
            intro=intro,
            seed=int_value(settings["seed"]),
        )
        return Level(
            path=self.path,
            name=name,
            width=self.width,
            height=self.height,
            tile_size=TILE,
            flags=flags,
            terrain=terrain,
            background=background,
            foreground=foreground,
            tiles=tiles,
            tile_flags=tile_flag_by_gid,
            spawn=spawn,
            exits=roster.exits,
            miners=roster.miners,
            crack_zones=roster.crack_zones,
            collapse_seconds=int_value(settings["collapse_seconds"]),
            seed=int_value(settings["seed"]),
            quota=int_value(settings["quota"]),
            rubble_gid=rubble_gid,
            seal_gid=seal_gid,
            chambers=roster.chambers,
            braziers=roster.braziers,
            triggers=roster.triggers,
            chasms=roster.chasms,
            splits=sorted(roster.splits, key=lambda split: (split.order, split.obj_id)),
            dark=bool(settings["dark"]),
            intro=intro,
            crates=roster.crates,
            camps=roster.camps,
            guards=roster.guards,
            townsfolk=roster.townsfolk,
            reinforce_seconds=int_value(settings["reinforce_seconds"]),
            next_map=str(settings["next_map"]),
            sections=[section],
            chain_paths=[self.path],
            # The results rank needs the par even when the map leaves it out.
            properties={**map_properties, "par_seconds": int_value(settings["par_seconds"])},
        )

    # --- layers ---

    def _hidden(self, element: ElementTree.Element) -> bool:
        """Hidden itself or inside a hidden group (pytmx only knows the layer's own flag)."""
        node: ElementTree.Element | None = element
        while node is not None and node is not self.root:
            if node.get("visible", "1") == "0":
                return True
            node = self.parents.get(node)
        return False

    def _tile_layers(
        self, tiles: dict[int, TileSource]
    ) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """terrain, background and foreground gid grids, in draw order."""
        layers = [layer for layer in self.tmx.layers if isinstance(layer, pytmx.TiledTileLayer)]
        # pytmx collects tile layers with the same document-order search, so they line up.
        elements = self.root.findall(".//layer")
        terrain_at = [i for i, layer in enumerate(layers) if layer.name == "terrain"]
        if not terrain_at:
            self._report_missing_terrain([layer.name or "" for layer in layers])
        if len(terrain_at) > 1:
            self.problems.add(f"{len(terrain_at)} tile layers are named 'terrain'; keep one")
        split = terrain_at[0] if terrain_at else len(layers)
        terrain = np.zeros((self.height, self.width), dtype=np.int32)
        background: list[np.ndarray] = []
        foreground: list[np.ndarray] = []
        for index, (layer, element) in enumerate(zip(layers, elements, strict=True)):
            grid = self._grid(layer)
            if grid is None:
                continue
            self._check_gids(layer.name or "", grid, tiles)
            if index == split:
                terrain = grid
            elif not self._hidden(element):
                (background if index < split else foreground).append(grid)
        return terrain, background, foreground

    def _report_missing_terrain(self, tile_layer_names: list[str]) -> None:
        object_layers = [e.get("name") for e in layer_elements(self.root) if e.tag == "objectgroup"]
        if "terrain" in object_layers:
            self.problems.add("layer 'terrain' is an object layer; it must be a tile layer")
            return
        hint = did_you_mean("terrain", tile_layer_names)
        self.problems.add(f"no tile layer named 'terrain'{hint}; the game reads collision from it")

    def _grid(self, layer) -> np.ndarray | None:
        try:
            grid = np.array(layer.data, dtype=np.int64)
        except ValueError:  # ragged rows: the data does not fill the layer
            grid = None
        if grid is None or grid.shape != (self.height, self.width):
            self.problems.add(
                f"tile layer '{layer.name}' does not match the map size of "
                f"{self.width}x{self.height} tiles; resize the layer or re-save the map"
            )
            return None
        return grid.astype(np.int32)

    def _check_gids(self, name: str, grid: np.ndarray, tiles: dict[int, TileSource]) -> None:
        # return_counts only to keep numpy from importing numpy.ma (10 ms of every start),
        # which a plain np.unique does to look for a masked array
        used = np.unique(grid, return_counts=True)[0]
        unknown = [int(gid) for gid in used if gid and int(gid) not in tiles]
        if not unknown:
            return
        rows, cols = np.nonzero(np.isin(grid, unknown))
        tiled_gid = self.tmx.tiledgidmap.get(int(grid[rows[0], cols[0]]), 0)
        self.problems.add(
            f"tile layer '{name}' has {len(rows)} tiles from no tileset (first at row "
            f"{rows[0]}, column {cols[0]}, Tiled gid {tiled_gid}); was a tileset removed?"
        )

    # --- tiles ---

    def _tileset_of(self, tiled_gid: int):
        owners = [ts for ts in self.tmx.tilesets if ts.firstgid <= tiled_gid]
        return max(owners, key=lambda ts: ts.firstgid) if owners else None

    def _tile_where(self, tiled_gid: int) -> str:
        tileset = self._tileset_of(tiled_gid)
        if tileset is None:
            return f"tile gid {tiled_gid}"
        return f"tileset '{tileset.name}' tile {tiled_gid - tileset.firstgid}"

    def _tile_flags(self) -> tuple[dict[int, int], int, int]:
        """gid -> flags for every tile with properties, and the gids of the rubble and seal rock
        tiles (0 when the tileset names none)."""
        tmx = self.tmx
        by_tiled: dict[int, tuple[int, str]] = {}
        for gid, props in list(tmx.tile_properties.items()):
            tiled_gid = tmx.tiledgidmap[gid]
            if tiled_gid in by_tiled:
                continue
            custom = empty_strings({k: v for k, v in props.items() if k not in _TILE_ATTRIBUTES})
            where = self._tile_where(tiled_gid)
            by_tiled[tiled_gid] = tile_flags(custom, self.problems.reporter(f"{where}: "))
            # The simulation places tiles unflipped (rubble): make sure that gid exists.
            plain = tmx.register_gid(tiled_gid)
            tmx.set_tile_properties(plain, props)
        tmx.reload_images()  # gives the gids registered above their source rectangles

        flag_by_gid = {gid: by_tiled[tmx.tiledgidmap[gid]][0] for gid in tmx.tile_properties}
        rubble = self._named_tile(by_tiled, RUBBLE_NAME, check_rubble)
        seal = self._named_tile(by_tiled, SEAL_NAME, check_seal_rock)
        return flag_by_gid, rubble, seal

    def _named_tile(
        self, by_tiled: dict[int, tuple[int, str]], name: str, check: Callable[[int, Report], None]
    ) -> int:
        """The plain gid of the one tile called `name` (0 if none), its flags put to `check`."""
        named = [tiled for tiled, (_, tile_name) in by_tiled.items() if tile_name == name]
        if len(named) > 1:
            places = ", ".join(self._tile_where(t) for t in named)
            self.problems.add(f"{len(named)} tiles are named '{name}' ({places}); keep one")
        if not named:
            return 0
        check(by_tiled[named[0]][0], self.problems.reporter(f"{self._tile_where(named[0])}: "))
        return self.tmx.register_gid(named[0])

    def _tile_sources(self) -> dict[int, TileSource]:
        """gid -> picture for every tile pytmx registered (all tiles used, plus flagged ones)."""
        tmx = self.tmx
        flips = {gid: flags for variants in tmx.gidmap.values() for gid, flags in variants}
        self._check_tileset_images()
        tiles: dict[int, TileSource] = {}
        for gid, image in enumerate(tmx.images):
            if image is None:
                continue
            filename, rect, _ = image
            props = tmx.tile_properties.get(gid, {})
            if rect is None and not props.get("source"):
                continue  # an image layer's picture, which pytmx files among the tiles
            if rect is None:  # a tile of an image-collection tileset: the whole image
                rect = (0, 0, int(props.get("width") or TILE), int(props.get("height") or TILE))
            flip = flips.get(gid) or pytmx.TileFlags(False, False, False)
            tiles[gid] = TileSource(
                image=os.path.abspath(filename),
                x=int(rect[0]),
                y=int(rect[1]),
                w=int(rect[2]),
                h=int(rect[3]),
                flip_x=bool(flip.flipped_horizontally),
                flip_y=bool(flip.flipped_vertically),
                flip_d=bool(flip.flipped_diagonally),
            )
        return tiles

    def _check_tileset_images(self) -> None:
        """Every picture the tiles are cut from: there, a regular file within the caps (a PNG
        small on disk can claim gigapixels; pygame would allocate them all)."""
        base = os.path.dirname(self.path)
        for tileset in self.tmx.tilesets:  # their tile size was checked before pytmx
            if tileset.source:
                problem = _image_problem(os.path.join(base, tileset.source))
                if problem:
                    self.problems.add(f"tileset '{clip(tileset.name or '')}': {problem}")
        sources = {props.get("source") for props in self.tmx.tile_properties.values()}
        problems = {_image_problem(os.path.join(base, source)) for source in sources if source}
        for problem in sorted(p for p in problems if p):
            self.problems.add(f"tile {problem}")

    # --- objects ---

    def _objects(self) -> list[MapObject]:
        objects = []
        for group in layer_elements(self.root):
            if group.tag != "objectgroup":
                continue
            for element in group.findall("object"):
                obj = self._object(element)
                if obj is not None:
                    objects.append(obj)
        return objects

    def _object(self, element: ElementTree.Element) -> MapObject | None:
        """One object with its template applied: the instance's own values win."""
        obj_id = int(element.get("id", "0"))  # checked to be a whole number before pytmx
        name = element.get("name", "")
        template = self._template(element, obj_id)
        if template is False:
            return None
        base = template if template is not None else ElementTree.Element("object")
        attrs = {**base.attrib, **element.attrib}
        inherited = self._properties(base, obj_id, name)
        own = self._properties(element, obj_id, name)
        if template is not None:
            own = _without_resolved_defaults(own, inherited, attrs)
        properties = {**inherited, **own}
        shape = next((s for s in _SHAPES if element.find(s) is not None), None)
        shape = shape or next((s for s in _SHAPES if base.find(s) is not None), "rectangle")
        problem = object_problem(attrs)  # the template's numbers are as untrusted as the map's
        if problem:
            self.problems.add_for(obj_id, attrs.get("name", ""), problem)
            return None
        x, y = float(attrs.get("x", 0)), float(attrs.get("y", 0))
        w, h = float(attrs.get("width", 0)), float(attrs.get("height", 0))
        if attrs.get("gid"):
            shape = "tile"
            y -= h  # Tiled anchors tile objects at their bottom-left corner
        return MapObject(
            id=obj_id,
            name=attrs.get("name", ""),
            cls=attrs.get("type") or attrs.get("class") or "",
            x=x,
            y=y,
            w=w,
            h=h,
            shape=shape,
            rotation=float(attrs.get("rotation", 0)),
            properties=properties,
        )

    def _template(self, element: ElementTree.Element, obj_id: int):
        """The template's <object>, None when there is no template, False when it is broken."""
        source = element.get("template")
        if not source:
            return None
        folder = os.path.dirname(self.path)
        full = os.path.join(folder, source)
        found = self.templates.get(full)
        if found is None:  # read each file once, however many objects use it
            full_found = use_shipped("template", source, folder, self.path) or full
            found = self.templates[full] = _read_template(source, full_found)
        if isinstance(found, str):
            self.problems.add_for(obj_id, element.get("name", ""), found)
            return False
        return found

    def _properties(self, element: ElementTree.Element, obj_id: int, name: str):
        try:
            return empty_strings(pytmx.parse_properties(element))
        except Exception:  # class-typed properties need Tiled's project file; pytmx chokes
            self.problems.add_for(
                obj_id,
                name,
                "has a property pytmx cannot read (class-typed properties are not supported)",
            )
            return {}


def empty_strings(properties: dict[str, object]) -> dict[str, object]:
    """pytmx reads an empty string property (`value=""`, untyped or type="string") as None;
    Tiled writes one for every string property added and left empty, and for every default of
    a resolved-types export. An empty string it is. (pytmx gives None for nothing else: a
    typed value goes through its type's conversion.)"""
    return {key: "" if value is None else value for key, value in properties.items()}


def _without_resolved_defaults(
    own: dict[str, object], inherited: dict[str, object], attrs: dict[str, str]
) -> dict[str, object]:
    """A template instance's own properties, less the class defaults that a resolved-types
    export wrote over the template's values.

    Tiled 1.8's `--resolve-types-and-properties` export writes every property of the object's
    class on every instance, each at the class default, ignoring the template: a Trigger made
    from a dialogue template comes out with `event=""` and `text=""`, an injured miner's
    template `injured=true` with `injured=false`. Read as written, the export would be a
    different (broken) level. Such an instance is recognised by carrying every property of its
    class; its values equal to the class default then leave the template's value standing.
    An instance saved by the editor holds only the properties the designer changed, so an
    explicit override (even back to the default) still wins there."""
    schema = CLASS_PROPERTIES.get(attrs.get("type") or attrs.get("class") or "", {})
    if not schema or not set(schema) <= set(own):
        return own
    return {
        key: value
        for key, value in own.items()
        if not (key in schema and key in inherited and value == schema[key].default)
    }


def _image_problem(full: str) -> str | None:
    """Why the image at `full` cannot be a tileset's picture, or None."""
    shown = clip(os.path.abspath(full))
    try:
        head = read_head(full, 24, MAX_IMAGE_BYTES, "tileset image")
    except MissingFile:
        return f"image file not found: {shown}"
    except UnreadableFile as error:
        return f"image {shown} {error.problem}"
    size = png_size(head)
    if size and max(size) > MAX_TILESET_IMAGE_PX:
        return (
            f"image {shown} is {size[0]:,}x{size[1]:,} px; a tileset image is at most "
            f"{MAX_TILESET_IMAGE_PX}x{MAX_TILESET_IMAGE_PX}"
        )
    return None


def png_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's first 24 bytes (its IHDR chunk); None if not a PNG."""
    if len(head) < 24 or not head.startswith(b"\x89PNG\r\n\x1a\n") or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _read_template(source: str, full: str) -> ElementTree.Element | str:
    """A template file's <object>, or the problem with it."""
    try:
        found = read_xml(full, MAX_TEMPLATE_BYTES, "template").find("object")
    except MissingFile:
        return f"template file not found: {clip(os.path.abspath(full))}"
    except UnreadableFile as error:
        return f"template '{clip(source)}' {error.problem}"
    if found is None:
        return f"template '{clip(source)}' holds no object"
    return found
