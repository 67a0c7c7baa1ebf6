"""Hand-written transcripts and captions shared by the text-signal tests (not a test module)."""

from __future__ import annotations

COOKING = (
    "Today I'm going to show you how to make the perfect pasta carbonara. "
    "First, boil the spaghetti in salted water. "
    "While it cooks, fry the guanciale until it's crispy. "
    "In a bowl, whisk the eggs with grated pecorino cheese and lots of black pepper. "
    "Take the pan off the heat, add the pasta and the egg mixture, and toss quickly so the "
    "eggs don't scramble. "
    "Add a splash of pasta water to make it creamy. "
    "That's it, a real Roman carbonara with no cream."
)

TECH_REVIEW = (
    "I've been using the new iPhone for two weeks and here is my honest review. "
    "The camera is much better in low light than the Samsung Galaxy S24. "
    "Battery life easily lasts a full day, even with heavy use. "
    "The titanium frame feels premium but the price is really high for what you get. "
    "If you have last year's model, I would skip this upgrade."
)

MUSK = (
    "Elon Musk spoke at Tesla's annual meeting in Austin yesterday. "
    "Musk said the company will build a new factory next year. "
    "Investors reacted calmly to the announcement."
)

SPANISH = (
    "Hoy vamos a preparar una paella valenciana con Carlos, mi vecino. "
    "Primero sofreímos el pollo y el conejo con aceite de oliva. "
    "Después añadimos el arroz, el azafrán y el caldo caliente."
)

POSITIVE = (
    "I absolutely love this new camera, it is amazing. "
    "The photos look fantastic and the colours are beautiful. "
    "Honestly the best purchase I made this year!"
)

NEGATIVE = (
    "This blender is terrible and I hate it. "
    "It broke after two days and customer service was awful. "
    "What a waste of money, do not buy it."
)

# One short text per category (the old 22-category taxonomy's calibration texts, filed under the
# creator category each belongs to; several share one).
CATEGORY_TEXTS: list[tuple[str, str]] = [
    ("Food & Cooking", COOKING),
    (
        "Fitness",
        "This is my leg day workout. Start with four sets of squats, then "
        "lunges and Romanian deadlifts. Finish with calf raises.",
    ),
    (
        "Lifestyle",
        "If you can't sleep at night, try this. Put your phone away an hour "
        "before bed and keep your room cool. Magnesium can also help you relax.",
    ),
    (
        "Beauty & Fashion",
        "Let's do my everyday makeup look. I start with a light foundation and "
        "some concealer under the eyes. Then a bit of blush and a nude lipstick.",
    ),
    (
        "Beauty & Fashion",
        "Three outfits for fall. A beige trench coat with straight jeans and "
        "white sneakers. Or a chunky knit sweater with a pleated skirt and boots.",
    ),
    ("Tech", TECH_REVIEW),
    (
        "Gaming",
        "We finally beat the final boss on hard mode. I used the fire sword and dodged "
        "every attack. Drop a comment if you want the full walkthrough.",
    ),
    (
        "Business & Finance",
        "If you have ten thousand dollars, don't keep it in a "
        "savings account. Put it into a low-cost index fund and max out your retirement account "
        "first.",
    ),
    (
        "Business & Finance",
        "Here is exactly how I grew my TikTok to one hundred thousand "
        "followers in thirty days. Post every single day, hook viewers in the first second and "
        "study your analytics.",
    ),
    (
        "Educational",
        "Why is the sky blue? Sunlight is made of all colours, but blue "
        "light has a shorter wavelength. It scatters off the molecules in the air much more than "
        "red light.",
    ),
    (
        "Travel",
        "This is the most beautiful beach in Portugal. We rented a car in Lisbon and "
        "drove three hours south. Here is where we stayed and what it cost.",
    ),
    (
        "Comedy",
        "When your mom says we have food at home. Me pretending I "
        "didn't hear her. The drive-through worker who knows my order by heart.",
    ),
    (
        "Music",
        "Here is my acoustic cover of this song. I changed the chords a little "
        "and played it on my old guitar. Let me know which song I should sing next.",
    ),
    (
        "Sports",
        "What a goal in the last minute of the final! The striker beat two defenders "
        "and curled it into the top corner. The whole stadium went crazy.",
    ),
    (
        "Tech",
        "This is the new electric sports car with eight hundred horsepower. It does "
        "zero to sixty in under three seconds. Listen to how quiet it is on the test drive.",
    ),
    (
        "Art & DIY",
        "I turned this old dresser into a bathroom vanity. First I sanded it down "
        "and painted it green. Then I cut a hole for the sink and added new brass handles.",
    ),
    (
        "Lifestyle",
        "Three things I wish I knew before having a toddler. Give them "
        "choices instead of orders. And never skip the nap, no matter what.",
    ),
    (
        "Pets & Animals",
        "My golden retriever Max just learned a new trick. Watch him roll over "
        "when I say the magic word. Good boy!",
    ),
    (
        "Art & DIY",
        "Painting a sunset with only three colours. I start with a yellow wash, "
        "then blend in orange and a deep purple. The trick is to work wet on wet.",
    ),
    (
        "News",
        "The government announced a new tax on imported cars today. The "
        "opposition said it will raise prices for families. Parliament votes on the bill next "
        "week.",
    ),
    (
        "Lifestyle",
        "Good morning guys, welcome back to my channel. Today I woke up early, "
        "grabbed a coffee and went shopping with my best friend. Then we watched a movie at home.",
    ),
    (
        "Motivation",
        "Nobody is coming to save you. Discipline beats "
        "motivation every single day. Wake up, do the hard thing first and keep your promises to "
        "yourself.",
    ),
]

# Written after the old taxonomy was frozen.
HELD_OUT_CATEGORY_TEXTS: list[tuple[str, str]] = [
    (
        "Food & Cooking",
        "This three ingredient banana bread is so easy. Mash two ripe bananas, mix "
        "in the flour and an egg. Bake it for forty minutes and let it cool.",
    ),
    (
        "Fitness",
        "Ten minute ab routine, no equipment needed. Thirty seconds of planks, "
        "then bicycle crunches and leg raises. Repeat the circuit three times.",
    ),
    (
        "Tech",
        "These wireless earbuds cost twenty dollars, so are they any good? "
        "The noise cancelling is weak but the sound is surprisingly clear. Pairing with my laptop "
        "took seconds.",
    ),
    (
        "Business & Finance",
        "Stop paying interest on your credit card. Pay the full "
        "balance every month and set up automatic transfers to a high yield savings account.",
    ),
    (
        "Travel",
        "Tokyo on a budget: stay in a capsule hotel, buy a rail pass and eat at "
        "convenience stores. Day two we took the train to Kyoto to see the temples.",
    ),
    (
        "Pets & Animals",
        "Our new kitten is scared of the vacuum cleaner. We give her treats and a "
        "quiet hiding spot. After a week she finally sleeps on the sofa with us.",
    ),
    (
        "Beauty & Fashion",
        "My nighttime skincare routine for dry skin. Double cleanse, then a "
        "hydrating toner, a retinol serum and a thick moisturizer.",
    ),
    (
        "Sports",
        "The quarterback threw for three hundred yards and two touchdowns. The defense "
        "held them scoreless in the fourth quarter to win the game.",
    ),
    (
        "Educational",
        "How do vaccines work? They teach your immune system to recognise a "
        "virus without making you sick, so your body makes antibodies in advance.",
    ),
    (
        "Gaming",
        "This is the rarest item in the whole game. You need to finish every side quest "
        "and then talk to the merchant at midnight. Most players never find it.",
    ),
    (
        "Art & DIY",
        "How to fix a leaky faucet in five minutes. Turn off the water, unscrew the "
        "handle and replace the worn rubber washer.",
    ),
    (
        "Music",
        "Learn this viral dance in thirty seconds. Step left, clap twice, spin, "
        "then hit the pose on the beat drop.",
    ),
]

OFF_TOPIC = {
    "filler": "okay so yeah um I don't know what to say really.",
    "weather": "It is raining again today. I think it will be sunny tomorrow.",
    "lorem": "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor.",
}

# Texts with the people, organisations and brands a reader would list (entity recall).
ENTITY_TEXTS: list[tuple[str, list[str], list[str], list[str]]] = [
    (MUSK, ["Elon Musk"], ["Tesla"], ["Tesla"]),
    (TECH_REVIEW, [], [], ["Apple", "Samsung"]),
    (
        "Taylor Swift wore Nike sneakers at the Grammys, and Beyoncé posted about it on Instagram.",
        ["Taylor Swift", "Beyoncé"],
        [],
        ["Nike", "Instagram"],
    ),
    (
        "Mark Zuckerberg announced that Meta will open a new lab with Microsoft.",
        ["Mark Zuckerberg"],
        ["Meta", "Microsoft"],
        ["Meta", "Microsoft"],
    ),
    (
        "My coffee order at Starbucks is a vanilla latte, and I pay with PayPal.",
        [],
        ["Starbucks"],
        ["Starbucks", "PayPal"],
    ),
    (
        "Lionel Messi signed a new deal with Adidas after leaving Barcelona.",
        ["Lionel Messi"],
        ["Adidas"],
        ["Adidas"],
    ),
    (
        "Jeff Bezos founded Amazon in a garage in Seattle.",
        ["Jeff Bezos"],
        ["Amazon"],
        ["Amazon"],
    ),
    (
        "Sam Altman said OpenAI will release a new version of ChatGPT next month.",
        ["Sam Altman"],
        ["OpenAI"],
        ["OpenAI", "ChatGPT"],
    ),
]
