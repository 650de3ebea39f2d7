"""The view onto the map: follows Naruto with a dead zone, looks ahead, never leaves the map.

A Full Rescue is one level of several maps side by side (`level.sections`): the view stays
inside the section Naruto is in (`enter`), so the next map never shows across the rock
between them, and it jumps, not slides, when he crosses into the next one.

It moves once per simulation tick, so it is as smooth (and as repeatable) as the world; a
frame drawn between ticks places it between the two ticks' centres (SceneRenderer.draw).
Offsets are whole pixels: a fractional scroll would smear the pixel art.
"""

from __future__ import annotations

Bounds = tuple[int, int, int, int]  # left, top, right, bottom in map pixels


class Camera:
    def __init__(
        self,
        view_w: int,
        view_h: int,
        map_w: int,
        map_h: int,
        *,
        dead_w: int = 32,
        dead_h: int = 40,
        look_ahead: int = 56,
        look_speed: float = 1.5,
        follow: float = 0.14,
    ):
        self.view_w, self.view_h = view_w, view_h
        self.map_w, self.map_h = map_w, map_h
        self.dead_w, self.dead_h = dead_w, dead_h
        self.look_ahead = look_ahead
        self.look_speed = look_speed  # px per tick the look-ahead swings by
        self.follow = follow  # fraction of the remaining distance covered each tick
        self.focus_x = self.focus_y = 0.0  # the point the dead zone is centred on
        self.lead = 0.0  # current look-ahead, swings toward facing * look_ahead
        self.center_x = self.center_y = 0.0
        self.bounds: Bounds = (0, 0, map_w, map_h)  # where the view may go: the section

    # The player stands a little below the middle: in a mine the danger comes from above.
    @property
    def _eye_offset(self) -> float:
        return self.view_h * 0.08

    def snap(self, target_x: float, target_y: float) -> None:
        """Jump straight to the target (level start, restart)."""
        self.focus_x, self.focus_y = target_x, target_y
        self.lead = 0.0
        self.center_x, self.center_y = self._clamp(target_x, target_y - self._eye_offset)

    def update(self, target_x: float, target_y: float, facing: int, moving: bool) -> None:
        """One tick of following the point (target_x, target_y), normally Naruto's centre."""
        half_w, half_h = self.dead_w / 2, self.dead_h / 2
        if target_x > self.focus_x + half_w:
            self.focus_x = target_x - half_w
        elif target_x < self.focus_x - half_w:
            self.focus_x = target_x + half_w
        if target_y > self.focus_y + half_h:
            self.focus_y = target_y - half_h
        elif target_y < self.focus_y - half_h:
            self.focus_y = target_y + half_h
        if moving:
            goal = facing * self.look_ahead
            step = max(-self.look_speed, min(self.look_speed, goal - self.lead))
            self.lead += step
        want_x, want_y = self._clamp(self.focus_x + self.lead, self.focus_y - self._eye_offset)
        self.center_x += (want_x - self.center_x) * self.follow
        self.center_y += (want_y - self.center_y) * self.follow

    def resize_map(self, map_w: int, map_h: int) -> None:
        self.map_w, self.map_h = map_w, map_h
        self.bounds = (0, 0, map_w, map_h)

    def enter(self, bounds: Bounds, target_x: float, target_y: float) -> bool:
        """Keep the view inside `bounds` (the current section's rect as left, top, right,
        bottom) from now on. A change of section snaps to the target: the view jumps to
        the new map rather than sliding across the one before. True if it changed."""
        left, top, right, bottom = (int(v) for v in bounds)
        bounds = (left, top, right, bottom)
        if bounds == self.bounds:
            return False
        self.bounds = bounds
        self.snap(target_x, target_y)
        return True

    def _clamp(self, cx: float, cy: float) -> tuple[float, float]:
        left, top, right, bottom = self.bounds
        return (
            _clamp_axis(cx, self.view_w, left, right),
            _clamp_axis(cy, self.view_h, top, bottom),
        )

    @property
    def offset(self) -> tuple[int, int]:
        """Top-left of the view in map pixels: subtract it from map positions to draw."""
        return self.offset_at(self.center_x, self.center_y)

    def offset_at(self, center_x: float, center_y: float) -> tuple[int, int]:
        """The view's top-left if its centre were at (center_x, center_y): a frame drawn between
        two ticks passes the centre between the two ticks' centres."""
        cx, cy = self._clamp(center_x, center_y)
        return round(cx - self.view_w / 2), round(cy - self.view_h / 2)


def _clamp_axis(center: float, view: int, low: int, high: int) -> float:
    if high - low <= view:  # the map is smaller than the screen: centre it
        return (low + high) / 2
    return min(max(center, low + view / 2), high - view / 2)


def section_bounds(level, index: int) -> Bounds:
    """The pixel box (left, top, right, bottom) of `level.sections[index]`; the whole map
    for a level without sections (or an index out of range)."""
    sections = getattr(level, "sections", None) or []
    if 0 <= index < len(sections):
        rect = sections[index].rect
        return (rect.x, rect.y, rect.x + rect.w, rect.y + rect.h)
    return (0, 0, level.pixel_width, level.pixel_height)
