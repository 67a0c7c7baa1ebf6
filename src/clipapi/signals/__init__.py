"""Pure measurements on decoded media: arrays and small dataclasses in, small dataclasses out."""
