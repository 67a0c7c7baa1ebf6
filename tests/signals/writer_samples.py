"""Creator videos written for the writer's tests (not a test module): what is said (in
sentences, as the recogniser punctuates them), what is shown, and the topics found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clip:
    name: str
    language: str
    sentences: tuple[str, ...]
    topics: tuple[str, ...]
    on_screen: tuple[tuple[float, float, str], ...] = ()
    platform_title: str | None = None


CLIPS = (
    Clip(
        "recipe_en",
        "en",
        (
            "Stop buying bread, because today I'm showing you how to bake sourdough at home.",
            "You only need flour, water and salt, plus a starter that's about a week old.",
            "Mix everything, let it rest for an hour, then fold the dough every thirty minutes.",
            "Bake it at two hundred and fifty degrees in a Dutch oven with the lid on.",
            "Follow for more bread recipes.",
        ),
        ("sourdough bread", "dutch oven", "starter"),
        ((0.0, 1.8, "Stop buying bread"), (0.3, 6.0, "SOURDOUGH FOR BEGINNERS")),
    ),
    Clip(
        "workout_en",
        "en",
        (
            "If your knees hurt when you squat, you are probably doing this one thing wrong.",
            "Most people let their knees cave in as they go down.",
            "Push your knees out over your toes and keep your chest up.",
            "Try three sets of ten slow squats like this and feel the difference.",
        ),
        ("knee pain", "squats", "chest"),
    ),
    Clip(
        "finance_de",
        "de",
        (
            "Du willst endlich Geld sparen, weißt aber nicht, wo du anfangen sollst?",
            "Heute zeige ich dir, wie du mit der 50-30-20-Regel dein Gehalt aufteilst.",
            "Die Hälfte geht in Fixkosten wie Miete und Versicherungen.",
            "Dreißig Prozent sind für alles, was dir Spaß macht.",
            "Und zwanzig Prozent legst du direkt am Monatsanfang auf ein Tagesgeldkonto.",
            "Folge mir für mehr Spartipps.",
        ),
        ("Gehalt", "Fixkosten", "Tagesgeldkonto"),
        ((0.0, 4.0, "DIE 50-30-20-REGEL"),),
    ),
    Clip(
        "travel_es",
        "es",
        (
            "Este es el mirador más bonito de Lisboa y casi nadie lo conoce.",
            "Está en el barrio de Graça, a diez minutos del centro en el tranvía veintiocho.",
            "Ven al atardecer, trae algo de comer y quédate hasta que se encienda la ciudad.",
            "Guarda este vídeo para tu próximo viaje.",
        ),
        ("mirador de Graça", "tranvía", "Lisboa"),
    ),
    Clip(
        "review_fr",
        "fr",
        (
            "J'utilise ce téléphone depuis deux semaines, voici mon avis honnête.",
            "L'appareil photo est excellent, même la nuit.",
            "Par contre, la batterie tient à peine une journée avec un usage intensif.",
            "Pour le prix, je vous conseille plutôt d'attendre les promotions.",
        ),
        ("appareil photo", "batterie", "téléphone"),
        ((0.2, 3.5, "MON AVIS SUR CE TÉLÉPHONE"),),
    ),
    Clip(
        "recipe_pt",
        "pt",
        (
            "Hoje eu vou te ensinar como fazer pão de queijo em casa.",
            "Misture o polvilho com leite quente e óleo.",
            "Depois junte os ovos e o queijo ralado e faça bolinhas.",
            "Asse por vinte e cinco minutos até dourar.",
        ),
        ("pão de queijo", "polvilho"),
    ),
    Clip(
        "comedy_it",
        "it",
        (
            "Quando tua madre ti chiede di sistemare il telefono.",
            "Prima ti dice che non ha toccato niente.",
            "Poi scopri che ha installato sette app per le ricette.",
        ),
        ("telefono", "madre", "app per le ricette"),
    ),
    Clip(
        "news_en",
        "en",
        (
            "Here is what the new European rules on phone chargers mean for you.",
            "From next year, every new phone sold in the European Union needs a USB-C port.",
            "That includes Apple, which has used its own Lightning connector for years.",
            "The goal is less electronic waste and fewer cables in your drawer.",
        ),
        ("USB-C port", "phone chargers", "electronic waste"),
        platform_title="The EU charger rule explained in 60 seconds #news #tech",
    ),
)
