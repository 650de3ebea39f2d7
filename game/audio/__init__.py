"""Sound: effects and music synthesized with numpy (synth, music, dsp), cached as WAV files
(cache), and played through pygame's mixer by the AudioDirector (director, mixing)."""
