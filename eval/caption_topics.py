"""Which on-screen captions of the creator scripts name their clip's subject, by when they
appear: a count over the label files alone (no video, no model), for the title writer's
choice of a headline (docs/methods.md, "Title").

    PYTHONPATH=src .venv/bin/python eval/caption_topics.py

A caption that asks something (a call to action by the phrase rules) is left out. A caption
names the subject when it holds one of its clip's topic words, as `clipapi eval` reads a title
(`evaluation.text_checks.topic_in_title`). It prints, for captions first shown in the opening
(up to the writer's HEADLINE_WINDOW_S) and after it, how many name the subject.
"""

from __future__ import annotations

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.evaluation.text_checks import topic_in_title
from clipapi.intelligence.cta import cta_type
from clipapi.signals.text_writer import HEADLINE_WINDOW_S


def main() -> None:
    counts = {"opening": [0, 0], "later": [0, 0]}
    for script in creators.SCRIPTS_BY_NAME.values():
        if not script.topic_words:
            continue
        for start, _, text in script.captions:
            if cta_type(text, script.language):
                continue
            tally = counts["opening" if start <= HEADLINE_WINDOW_S else "later"]
            tally[0] += topic_in_title(text, script.topic_words)
            tally[1] += 1
    for when, (named, shown) in counts.items():
        print(f"captions first shown {when}: {named} of {shown} name the subject")


if __name__ == "__main__":
    main()
