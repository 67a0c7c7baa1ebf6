"""What the category's paragraph unit costs: one e5 embedding of a video's words read together
(outside English, where the speech was not heard well; `text_category.WHOLE_MAX_CHARS`), by
its length, against embedding the same words sentence by sentence as the step already does.

    PYTHONPATH=src .venv/bin/python bench/paragraph.py [--runs 5]

Each figure is the calling thread's CPU (`time.thread_time`; e5 runs on one thread), the median
of `--runs`, with the model loaded and warmed first.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from clipapi.inference import text_models
from clipapi.signals.text_category import WHOLE_MAX_CHARS, paragraph

SENTENCES = (
    "Alors voilà, ça fait huit mois que j'apprends l'allemand avec une série tous les soirs.",
    "Première étape : les sous-titres en allemand, pas en français, sinon ton cerveau triche.",
    "Deuxième étape : tu mets pause et tu répètes la phrase à voix haute, même si c'est ridicule.",
    "Troisième étape : tu notes cinq phrases entières par épisode et tu les relis le lendemain.",
    "Honnêtement, c'est ce qui m'a débloquée à l'oral, bien plus que les applications.",
    "Le plus dur, c'est la première semaine, après ça devient un petit rituel du soir.",
    "Je regarde surtout des séries policières, parce qu'on y parle lentement et clairement.",
    "Et quand je ne comprends rien, je remets les sous-titres en français, sans culpabiliser.",
    "Au bout de trois mois, j'ai compris ma première blague sans sous-titres du tout.",
    "Maintenant je parle avec mes collègues de Berlin en visio sans préparer mes phrases.",
    "Si tu apprends une langue, essaie pendant deux semaines et dis-moi ce que ça change.",
    "Enregistre la vidéo pour ce soir, et abonne-toi pour la suite de la méthode.",
    "La semaine prochaine je vous montre comment je choisis les séries selon mon niveau.",
    "Et promis, on parlera aussi des podcasts, parce que c'est l'étape d'après.",
)


def cpu_ms(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.thread_time()
        call()
        times.append(time.thread_time() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    embed = text_models.embedder()
    embed(SENTENCES[:2])  # load and warm
    for chars in (300, WHOLE_MAX_CHARS, 1200):
        text = paragraph(SENTENCES, chars)
        ms = cpu_ms(lambda text=text: embed([text]), args.runs)
        print(f"paragraph of {len(text):>5} characters: {ms:6.0f} ms CPU")
    sentences = [s for s in SENTENCES if len(" ".join(SENTENCES[: SENTENCES.index(s) + 1])) <= 1200]
    ms = cpu_ms(lambda: embed(sentences), args.runs)
    joined = len(" ".join(sentences))
    print(f"the same words as {len(sentences)} sentences ({joined} characters): {ms:6.0f} ms CPU")


if __name__ == "__main__":
    main()
