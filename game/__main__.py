"""Command line: play | check | simulate | verify | replay | splits | pack | bench.

`play`, `simulate` and `replay record` take `--chain`: the map and every map its `next_map`
chain names, played as one run (game/level/chain.py).

Errors a user can cause (a bad path, a broken map, a bad input script) print one line to
stderr and exit non-zero; tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# pygame prints a banner on import; it would spoil `simulate`'s and `bench`'s JSON.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from game.files import UnreadableFile, writable_target  # noqa: E402
from game.level.model import MapError  # noqa: E402
from game.sim.assists import SIMULATED as ASSIST_CHOICES  # noqa: E402
from game.tas import MAX_TICK, InputScriptError  # noqa: E402

EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
MAX_FRAMES = MAX_TICK  # --exit-after and --shot frames: ten hours at one tick a frame
MAX_BENCH_COUNT = 100_000  # bench --ticks / --frames: a long benchmark, not a hang


def _whole_number(low: int, high: int, what: str = ""):
    """An argparse type: a whole number from `low` to `high`, or one line saying so."""

    def parse(text: str) -> int:
        digits = text.strip()
        body = digits.removeprefix("-")
        if not (body.isascii() and body.isdigit()) or len(body) > len(str(high)) + 1:
            raise argparse.ArgumentTypeError(
                f"expected a whole number from {low} to {high}{what}, got {text[:20]!r}"
            )
        value = int(digits)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low} to {high}{what}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its own messages
    return parse


def _window_scale(text: str) -> int:
    """`play --scale`: a whole number in the settings' SCALE_RANGE. The settings store (and
    platformdirs) is imported only when the option is given: `verify` starts faster without."""
    from game.store import SCALE_RANGE

    return _whole_number(*SCALE_RANGE)(text)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_UNREADABLE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="great-mine-rescue", description="Great Mine Rescue")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = commands.add_parser("play", help="play a map directly")
    play.add_argument("map", help="a Tiled .tmx map")
    play.add_argument("--inputs", help="play back a TAS input script instead of live input")
    play.add_argument(
        "--chain",
        action="store_true",
        help="also play every map its next_map chain names, as one run (the Full Rescue)",
    )
    play.add_argument("--scale", type=_window_scale, help="window scale (1 to 8)")
    spot = play.add_mutually_exclusive_group()
    spot.add_argument(
        "--spawn-at-object",
        metavar="ID",
        help="play from here: Naruto starts on that object (Tiled's %%objectid), no records kept",
    )
    spot.add_argument(
        "--spawn-at",
        metavar="X,Y",
        help="Naruto starts with his feet at these pixels, no records kept",
    )
    play.add_argument(
        "--shot",
        action="append",
        default=[],
        metavar="FRAME:PNG",
        help="save a screenshot at that frame (for testing)",
    )
    play.add_argument(
        "--exit-after",
        type=_whole_number(0, MAX_FRAMES),
        metavar="FRAMES",
        help="quit after N frames",
    )

    check = commands.add_parser("check", help="validate maps")
    check.add_argument("maps", nargs="+")
    check.add_argument(
        "--json",
        action="store_true",
        help="print the problems as one JSON list (file, object_id, name, message)",
    )

    sim = commands.add_parser("simulate", help="run a map headless and print the outcome")
    sim.add_argument("map")
    sim.add_argument(
        "--ticks", type=_whole_number(0, MAX_TICK, " (ten hours of ticks)"), required=True
    )
    sim.add_argument("--inputs", help="a TAS input script (see README)")
    sim.add_argument(
        "--chain",
        action="store_true",
        help="also play every map its next_map chain names, as one run (the Full Rescue)",
    )
    sim.add_argument(
        "--assist",
        action="append",
        default=[],
        choices=ASSIST_CHOICES,
        help="play with an assist of the assist mode (repeat for more)",
    )
    sim.add_argument(
        "--trace", action="store_true", help="print a JSON line per event before the outcome"
    )
    sim.add_argument(
        "--every",
        type=_whole_number(1, MAX_TICK),
        default=60,
        help="with --trace: a status line every K ticks (default 60)",
    )

    verify = commands.add_parser(
        "verify",
        help="re-simulate replays and confirm their times",
        description="Re-simulate replays and confirm every claim they make. Exit 0 when every "
        "replay verifies; 1 when any does not (a claim differs) or, with --coverage, a "
        "category has no verified run; 2 when none mismatched but one could not be checked "
        "(unreadable file, missing map, another simulation version) or no replay was found.",
    )
    verify.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="replay files (.gmr) and folders (every .gmr inside, recursively)",
    )
    verify.add_argument("--map", help="the map to verify on (default: maps/<map id>.tmx)")
    verify.add_argument(
        "--jobs",
        type=_whole_number(1, 256),
        default=os.cpu_count() or 1,
        help="worker processes for several replays (default: the number of cores; 1: none)",
    )
    verify.add_argument("--json", action="store_true", help="one JSON object per replay a line")
    verify.add_argument(
        "--coverage",
        action="store_true",
        help="list each map's categories with no verified replay (default PATH: the replays "
        "folder)",
    )
    verify.add_argument(
        "--maps-dir",
        action="append",
        metavar="DIR",
        help="with --coverage: the map folders to cover (default: maps/ and the user maps "
        "folder; repeat for more)",
    )
    verify.add_argument(
        "--bisect", action="store_true", help="on a mismatch, find the first tick that differs"
    )

    replay = commands.add_parser("replay", help="replays to and from input scripts")
    replay_commands = replay.add_subparsers(dest="replay_command", parser_class=_Parser)
    replay_commands.required = True
    export = replay_commands.add_parser("export", help="print a replay's TAS input script")
    export.add_argument("replay")
    record = replay_commands.add_parser("record", help="run an input script, save its replay")
    record.add_argument("map")
    record.add_argument("script", help="a TAS input script (see README)")
    record.add_argument("-o", "--output", help="the replay file (default: the replays folder)")
    record.add_argument("--category", choices=("any", "all"), default="all")
    record.add_argument(
        "--assist",
        action="append",
        default=[],
        choices=ASSIST_CHOICES,
        help="play with an assist of the assist mode (repeat for more), recorded in the header",
    )
    record.add_argument(
        "--chain",
        action="store_true",
        help="also play every map its next_map chain names, as one run (the Full Rescue)",
    )
    record.add_argument(
        "--embed-map",
        action="store_true",
        help="carry the map (and its tileset and templates) inside the replay, so it "
        "verifies where the map is missing or different",
    )

    _add_splits_parser(commands)

    pack = commands.add_parser("pack", help="copy a map with its tileset and templates")
    pack.add_argument("map", help="a Tiled .tmx map")
    pack.add_argument("-o", "--output", required=True, metavar="DIR", help="a new folder")

    bench = commands.add_parser("bench", help="the performance benchmark")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--ticks", type=_whole_number(1, MAX_BENCH_COUNT), default=1000)
    bench.add_argument("--frames", type=_whole_number(1, MAX_BENCH_COUNT), default=300)
    return parser


def _parse_shots(values: list[str]) -> list[tuple[int, str]]:
    """FRAME:PNG pairs, each checked before the window opens: a frame in range, a `.png`
    path whose folder is a folder and which is not a device or anything but a file."""
    shots = []
    for value in values:
        frame, sep, path = value.partition(":")
        ok = sep and path and frame.isascii() and frame.isdigit()
        if not ok or len(frame) > len(str(MAX_FRAMES)) or int(frame) > MAX_FRAMES:
            raise ValueError(f"--shot expects FRAME:PNG (frame 0 to {MAX_FRAMES}), got {value!r}")
        _check_output(path, ".png", "screenshot")
        shots.append((int(frame), path))
    return shots


def _check_output(path: str, suffix: str, what: str) -> None:
    """A file the command will write: raise ValueError (one line) for a path it cannot be."""
    if suffix and not path.lower().endswith(suffix):
        raise ValueError(f"{path}: a {what} is saved as {suffix}; name the file *{suffix}")
    folder = Path(path).parent
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{path}: {folder} is not a folder")
    writable_target(path)  # UnreadableFile (a ValueError) for a device, FIFO or folder


def _printable_streams() -> None:
    """A name or message the terminal cannot show is escaped, never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _printable_streams()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            from game.level.assets import notes_to
            from game.level.validate import run_check

            if args.json:  # notes are informational lines, not JSON
                return run_check(args.maps, as_json=True)
            with notes_to(print):
                return run_check(args.maps)
        if args.command == "simulate":
            return _simulate(args)
        if args.command == "verify":
            return _verify(args)
        if args.command == "replay":
            return _replay(args)
        if args.command == "splits":
            return _splits(args)
        if args.command == "pack":
            return _pack(args)
        if args.command == "bench":
            from game.bench import run_bench

            return run_bench(ticks=args.ticks, frames=args.frames, as_json=args.json)
        from game.app import run

        if args.command == "play":
            return run(
                args.map,
                inputs_path=args.inputs,
                shots=_parse_shots(args.shot),
                exit_after=args.exit_after,
                scale=args.scale,
                chain=args.chain,
                spawn_at=_spawn_choice(args),
            )
        return run(None)
    except (MapError, InputScriptError) as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except UnreadableFile as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except ValueError as error:
        print(f"great-mine-rescue: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if type(error).__module__.partition(".")[0] == "pygame":  # no display, a bad driver
            print(f"great-mine-rescue: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
        raise


def _spawn_choice(args):
    """`play --spawn-at-object ID` / `--spawn-at X,Y`: where Naruto starts instead of the
    Spawn (game/level/spawn_at.py); None for the map's own start."""
    from game.level.spawn_at import SpawnChoice, parse_object_id, parse_point

    if args.spawn_at_object is None and args.spawn_at is None:
        return None
    if args.chain:
        raise ValueError("--spawn-at-object and --spawn-at play one map: leave out --chain")
    if args.spawn_at_object is not None:
        return SpawnChoice(object_id=parse_object_id(args.spawn_at_object))
    return SpawnChoice(point=parse_point(args.spawn_at))


def _verify(args) -> int:
    """`verify PATH...` (game/speedrun/batch_output.py); no PATH needs --coverage."""
    from game.speedrun.batch_output import run_verify_command

    if not args.paths and not args.coverage:
        raise ValueError("verify: name a replay file or folder (or use --coverage)")
    if args.maps_dir and not args.coverage:
        raise ValueError("verify: --maps-dir goes with --coverage")
    return run_verify_command(
        args.paths,
        args.map,
        jobs=args.jobs,
        as_json=args.json,
        coverage=args.coverage,
        bisect=args.bisect,
        maps_folders=args.maps_dir,
    )


def _simulate(args) -> int:
    from game.headless import load_map, summary
    from game.sim.world import World
    from game.tas import InputScript, load_input_script
    from game.tas_asserts import report as report_asserts
    from game.trace import Watch, traced_run

    level = load_map(args.map, args.chain)
    script = load_input_script(args.inputs) if args.inputs else InputScript((), ())
    world = World(level, assists=frozenset(args.assist))
    watch = Watch(world, trace=args.trace, every=args.every)
    watch.check_asserts(script.asserts)
    for line in traced_run(world, script, args.ticks, watch):
        print(json.dumps(line))
    print(json.dumps(summary(world)))
    note = watch.note(args.map)
    if note:
        print(note, file=sys.stderr)
    return report_asserts(watch.assert_failures(), sys.stderr)  # 1 when an assert failed


def _add_splits_parser(commands) -> None:
    """`splits export` and `splits import`: LiveSplit .lss files (game/speedrun/lss.py)."""
    splits = commands.add_parser("splits", help="LiveSplit splits files (.lss) out and in")
    splits_commands = splits.add_subparsers(dest="splits_command", parser_class=_Parser)
    splits_commands.required = True
    export = splits_commands.add_parser("export", help="write a map's splits as a .lss file")
    export.add_argument("map", help="a Tiled .tmx map")
    export.add_argument("--category", choices=("any", "all"), default="all")
    export.add_argument("-o", "--output", help="the .lss file (default: print it)")
    into = splits_commands.add_parser("import", help="merge a .lss file's golds into the PBs")
    into.add_argument("lss", help="a LiveSplit splits file (.lss)")
    into.add_argument("--map", required=True, help="the Tiled .tmx map the splits are of")
    into.add_argument(
        "--category", choices=("any", "all"), help="default: the file's category name"
    )
    into.add_argument(
        "--by-position",
        action="store_true",
        help="merge segments in order even where their names differ from the map's splits",
    )
    for command in (export, into):
        command.add_argument(
            "--chain", action="store_true", help="the map's chained run (the Full Rescue)"
        )
        command.add_argument(
            "--assisted", action="store_true", help="the assisted runs' board of the map"
        )


def _splits(args) -> int:
    from game.speedrun.lss_command import run_export, run_import

    if args.splits_command == "export":
        if args.output:
            _check_output(args.output, ".lss", "splits file")
        return run_export(args.map, args.category, args.output, args.chain, args.assisted)
    return run_import(
        args.lss, args.map, args.category, args.chain, args.assisted, args.by_position
    )


def _pack(args) -> int:
    """`pack`: the map and everything it uses, copied into one folder (see game/level/pack.py)."""
    from game.level.pack import pack_map

    try:
        written = pack_map(args.map, args.output)
    except OSError as error:
        print(f"{args.output}: cannot write the pack ({error})", file=sys.stderr)
        return EXIT_UNREADABLE
    for path in written:
        print(path)
    return 0


def _replay(args) -> int:
    """`replay export` and `replay record`; a bad replay file is one line and exit 2."""
    from game.speedrun.replay import ReplayError, export_script, read_replay

    if args.replay_command == "export":
        try:
            print(export_script(read_replay(args.replay)), end="")
        except ReplayError as error:
            print(error, file=sys.stderr)
            return EXIT_UNREADABLE
        return 0
    from game.headless import load_map
    from game.speedrun.recorder import record_script, save_replay, write_atomic
    from game.speedrun.replay import dumps
    from game.tas import load_input_script
    from game.tas_asserts import report as report_asserts

    if args.output:
        _check_output(args.output, "", "replay")
    level = load_map(args.map, args.chain)
    script = load_input_script(args.script)
    watches: list = []
    assists = tuple(args.assist)

    def watched(watch) -> None:
        watches.append(watch)
        watch.check_asserts(script.asserts)

    if args.embed_map and not _can_embed(level):
        return EXIT_UNREADABLE
    replay = record_script(
        args.map, level, script, args.category, watched, assists, embed_map=args.embed_map
    )
    note = watches[0].note(args.map) if watches else None
    if note:
        print(note, file=sys.stderr)
    # A failed assert is the script's problem, not the run's: the replay is still saved (it
    # is exactly what the script did, to watch or verify), and the exit code says it failed.
    failed = report_asserts(watches[0].assert_failures(), sys.stderr) if watches else 0
    try:
        if args.output:
            write_atomic(args.output, dumps(replay))
            path = Path(args.output)
        else:
            path = save_replay(replay)
    except UnreadableFile as error:
        print(f"{error}; the replay was not saved", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(
            f"{args.output or 'replays folder'}: cannot save the replay ({error})", file=sys.stderr
        )
        return EXIT_UNREADABLE
    print(path)
    return failed


def _can_embed(level) -> bool:
    """Whether the map's files can go into the replay; if not, says why in one line."""
    from game.level.model import MapError
    from game.speedrun.recorder import embedded_files

    try:
        embedded_files(level)
    except (ValueError, OSError, MapError) as error:
        print(f"cannot embed the map: {error}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
