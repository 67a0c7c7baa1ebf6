"""Layers 2 and 3: pure functions from measured signals to hook, retention, story, call to
action, clips, virality, platform fit, trends, the retention curve and the eight scores.

No I/O, no models, no clock: the same `Signals` always give the same result. Every method is
described in docs/methods.md.
"""
