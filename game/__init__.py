"""Great Mine Rescue: Naruto's shadow clones carry the miners out before the ceiling falls."""

__version__ = "0.1.0"
