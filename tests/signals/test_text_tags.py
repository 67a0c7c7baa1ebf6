"""Hashtags and @mentions from captions, on-screen text and speech."""

from __future__ import annotations

from clipapi.signals.text_tags import hashtags, mentions


def test_hashtags_from_a_caption_lowercased_in_order() -> None:
    caption = "How I grew 100K 🚀 #GrowthHack #tiktoktips #1 C# &#39; #growthhack"
    assert hashtags([caption]) == ["#growthhack", "#tiktoktips"]


def test_platform_tags_come_first_then_text_then_speech() -> None:
    found = hashtags(
        ["on screen #Recipe"],
        known=["#food", "pasta"],
        spoken="don't forget hashtag Carbonara and hashtag 2024",
    )
    assert found == ["#food", "#pasta", "#recipe", "#carbonara"]


def test_mentions_skip_email_addresses() -> None:
    found = mentions(
        ["shot with @Jane.Doe and @studio_9, mail me at me@example.com"], known=["@brand"]
    )
    assert found == ["@brand", "@jane.doe", "@studio_9"]
