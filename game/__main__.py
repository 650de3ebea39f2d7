"""Command line: play | check | simulate | verify | replay | bench.

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

from game.level.model import MapError  # noqa: E402
from game.tas import InputScriptError  # noqa: E402

EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


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
    play.add_argument("--scale", type=int, help="window scale (whole number)")
    play.add_argument(
        "--shot",
        action="append",
        default=[],
        metavar="FRAME:PNG",
        help="save a screenshot at that frame (for testing)",
    )
    play.add_argument("--exit-after", type=int, metavar="FRAMES", help="quit after N frames")

    check = commands.add_parser("check", help="validate maps")
    check.add_argument("maps", nargs="+")

    sim = commands.add_parser("simulate", help="run a map headless and print the outcome")
    sim.add_argument("map")
    sim.add_argument("--ticks", type=int, required=True)
    sim.add_argument("--inputs", help="a TAS input script (see README)")

    verify = commands.add_parser("verify", help="re-simulate a replay and confirm its time")
    verify.add_argument("replay", help="a replay file (.gmr)")
    verify.add_argument("--map", help="the map to verify on (default: maps/<map id>.tmx)")

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

    bench = commands.add_parser("bench", help="the performance benchmark")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--ticks", type=int, default=1000)
    bench.add_argument("--frames", type=int, default=300)
    return parser


def _parse_shots(values: list[str]) -> list[tuple[int, str]]:
    shots = []
    for value in values:
        frame, sep, path = value.partition(":")
        if not sep or not frame.isdigit() or not path:
            raise ValueError(f"--shot expects FRAME:PNG, got '{value}'")
        shots.append((int(frame), path))
    return shots


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            from game.level.validate import run_check

            return run_check(args.maps)
        if args.command == "simulate":
            return _simulate(args)
        if args.command == "verify":
            from game.speedrun.verify import run_verify

            return run_verify(args.replay, args.map)
        if args.command == "replay":
            return _replay(args)
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
            )
        return run(None)
    except (MapError, InputScriptError) as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except ValueError as error:
        print(f"great-mine-rescue: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130


def _simulate(args) -> int:
    from game.headless import simulate
    from game.level.tiled import load_level
    from game.tas import InputScript, load_input_script

    if args.ticks < 0:
        raise ValueError("--ticks must be 0 or more")
    if not Path(args.map).is_file():
        raise MapError(args.map, "no such map file")
    level = load_level(args.map)
    script = load_input_script(args.inputs) if args.inputs else InputScript((), ())
    print(json.dumps(simulate(level, script, args.ticks)))
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
    from game.level.tiled import load_level
    from game.speedrun.recorder import record_script, save_replay, write_atomic
    from game.speedrun.replay import dumps
    from game.tas import load_input_script

    if not Path(args.map).is_file():
        raise MapError(args.map, "no such map file")
    level = load_level(args.map)
    script = load_input_script(args.script)
    replay = record_script(args.map, level, script, args.category)
    try:
        if args.output:
            write_atomic(args.output, dumps(replay))
            path = Path(args.output)
        else:
            path = save_replay(replay)
    except OSError as error:
        print(
            f"{args.output or 'replays folder'}: cannot save the replay ({error})", file=sys.stderr
        )
        return EXIT_UNREADABLE
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
