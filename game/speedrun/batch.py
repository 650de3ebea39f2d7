"""Checking many replays at once: `verify PATH... --jobs N` (the printing is batch_output.py).

Most of the cost of checking one replay in its own process is not the re-simulation: it is
starting Python, importing numpy and the game, and loading the map (twice for a chained run:
once stitched, once per map for the digests). So the replays go to a few worker processes
that import everything once and keep every map they load (`MapCache`, by path and the file's
modification time): fifty runs of the Great Mine load it once per worker.

Workers are started with the "spawn" method on every system: the same behaviour on Linux,
macOS and Windows, and nothing of the parent (open windows, threads) leaks into a worker.
Each worker pays the imports once (~0.25 s), which fifty replays repay many times over.

A replay that makes the checker raise, or a worker that dies while checking it, costs that
replay alone: it gets an "unreadable" verdict with one line, and the rest are still checked.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.speedrun.recorder import REPLAY_SUFFIX
from game.speedrun.verify import VerifyReport, check_replay_file, default_map_path

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# concurrent.futures, multiprocessing and signal are imported only when workers are started:
# they cost a one-replay `verify` (the common case) a noticeable part of its start-up.

START_METHOD = "spawn"


class NoReplays(ValueError):
    """A folder given to `verify` holds no replay file; str() is one line."""


def find_replays(paths: Iterable[str]) -> list[str]:
    """The replay files `paths` name, in order: a file as given (a missing or bad one is
    reported when it is checked), a folder as every *.gmr inside it, recursively, sorted.
    Raises NoReplays for a folder that holds none."""
    found: list[str] = []
    for given in paths:
        folder = Path(given)
        if not folder.is_dir():
            found.append(given)
            continue
        inside = [path for path in folder.rglob(f"*{REPLAY_SUFFIX}") if path.is_file()]
        if not inside:
            raise NoReplays(f"{given}: no replay files (*{REPLAY_SUFFIX}) in this folder")
        found += [str(path) for path in sorted(inside, key=lambda path: path.parts)]
    return found


# --- the map cache -------------------------------------------------------------------------------
class MapCache:
    """Levels loaded from .tmx files, kept by path and the file's modification time and size,
    so a map edited during a batch is read again. A map that fails to load is not kept: each
    replay of it reports the problem. Levels are never changed by a World (it copies the
    grids it changes), so one Level serves every replay."""

    def __init__(self, load_level):
        self._load_level = load_level
        self._levels: dict[str, tuple[tuple[int, int], object]] = {}
        self.loads = 0  # files actually read: what the cache saves is visible in tests

    def load_level(self, path):
        key = os.fspath(path)
        try:
            stat = os.stat(key)
        except OSError:  # the loader says what is wrong with the path
            return self._load_level(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self._levels.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        level = self._load_level(path)
        self.loads += 1
        self._levels[key] = (stamp, level)
        return level


@contextmanager
def cached_maps() -> Iterator[MapCache]:
    """Every map loaded inside the block goes through one MapCache.

    verify.load_replay_level, the chain loader and the chain digests all fetch
    `game.level.tiled.load_level` when they run (the chain module keeps its own name for
    it), so the cache is put in place there for the duration of the block and the old
    loader put back after. A worker process enters the block once and never leaves it."""
    import game.level.chain as chain
    import game.level.tiled as tiled

    saved = tiled.load_level, chain.load_level
    cache = MapCache(tiled.load_level)
    tiled.load_level = chain.load_level = cache.load_level
    try:
        yield cache
    finally:
        tiled.load_level, chain.load_level = saved


# --- checking one replay -------------------------------------------------------------------------
@dataclass
class Checked:
    """One replay's report, and what coverage needs of its header: the map digest the run
    claims, and whether it counts as a run of its category at all (neither a practice run,
    which starts from a split, nor an assisted one)."""

    report: VerifyReport
    map_digest: str = ""
    counts_for_coverage: bool = False


def user_map_for(replay) -> str | None:
    """A run made on a map of the user maps folder: that map, when maps/ has none of the
    name (verify looks in maps/ first, as it always has)."""
    shipped = default_map_path(replay)
    if shipped.is_file():
        return None
    from game.store import user_maps_dir  # after the common case: a faster `verify` start

    mine = user_maps_dir(create=False) / shipped.name
    return str(mine) if mine.is_file() else None


def check_one(path: str, map_path: str | None = None, bisect: bool = False) -> Checked:
    """Check one replay file; never raises (a bug in the checker is this replay's error)."""
    try:
        return _check(path, map_path, bisect)
    except Exception as error:  # one replay's bug must not end the batch
        return _failed(path, f"the checker failed on it ({type(error).__name__}: {error})")


def _check(path: str, map_path: str | None, bisect: bool) -> Checked:
    from game.speedrun.replay import ReplayError, read_replay

    try:
        replay = read_replay(path)
    except ReplayError:
        replay = None  # check_replay_file reports it
    if replay is not None and map_path is None:
        map_path = user_map_for(replay)
    report = check_replay_file(path, map_path, bisect=bisect)
    if replay is None:
        return Checked(report)
    counts = not replay.practice and not replay.assists
    return Checked(report, replay.map_digest, counts)


def _failed(path: str, problem: str) -> Checked:
    line = f"{path}: {problem}"
    return Checked(VerifyReport(file=path, verdict="unreadable", error=line))


# --- many replays --------------------------------------------------------------------------------
def check_all(
    paths: list[str], map_path: str | None = None, *, bisect: bool = False, jobs: int = 1
) -> Generator[Checked, None, None]:
    """Check every file of `paths`, yielding the results in the order of `paths`, each as
    soon as it and all before it are done. `jobs` 1 (or one file) checks them in this
    process; more uses that many worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        with cached_maps():
            for path in paths:
                yield check_one(path, map_path, bisect)
        return
    pending = list(paths)
    while pending:
        done = yield from _pooled(pending, map_path, bisect, min(jobs, len(pending)))
        pending = pending[done:]


def _pooled(paths: list[str], map_path, bisect, workers: int):
    """Yield results in order until the pool breaks (a worker died); return how many of
    `paths` were dealt with. The replay a broken pool was waiting on is checked again alone:
    if its own worker dies too, it was the one, and it gets the error verdict."""
    from concurrent.futures.process import BrokenProcessPool

    executor = worker_pool(workers)
    try:
        futures = [executor.submit(check_one, path, map_path, bisect) for path in paths]
        for index, future in enumerate(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield _alone(paths[index], map_path, bisect)
                return index + 1
        return len(paths)
    except BaseException:  # Ctrl-C (or the caller stopping early): stop the workers now
        _stop(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _alone(path: str, map_path, bisect) -> Checked:
    from concurrent.futures.process import BrokenProcessPool

    executor = worker_pool(1)
    try:
        return executor.submit(check_one, path, map_path, bisect).result()
    except BrokenProcessPool:
        return _failed(path, "the checker's process stopped while checking it")
    except BaseException:
        _stop(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` processes, each started by `_start_worker`, to run `check_one` in."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(START_METHOD)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)


def _start_worker() -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the workers itself, without a
    traceback from each), import the game once, and keep every map loaded for good."""
    import signal

    global _worker_maps, worker_cache
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_maps = cached_maps()  # kept: were it collected, its cleanup would undo the cache
    worker_cache = _worker_maps.__enter__()


_worker_maps: AbstractContextManager[MapCache] | None = None
worker_cache: MapCache | None = None  # in a worker process, its MapCache


def _stop(executor: ProcessPoolExecutor) -> None:
    """End the workers at once, not after the replays they are checking (seconds each).
    The executor has no public way to do this before Python 3.14."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()
