"""Phrase cues of a hook: the words that make an opening line a question, a curiosity gap, a
bold claim, a contrarian take, a tutorial promise, a story or a statistic.

Each list holds English phrases and, after them, German, Spanish, French, Portuguese and
Italian ones; a cue is a whole-word, case-insensitive match (docs/methods.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clipapi.intelligence.text import normalise, phrase_pattern
from clipapi.signals.writer_language import MONTHS, TIME_AGO, WEEKDAYS

QUESTION_START = phrase_pattern(
    "what",
    "why",
    "how",
    "who",
    "when",
    "where",
    "which",
    "do",
    "does",
    "did",
    "is",
    "are",
    "can",
    "could",
    "would",
    "should",
    "have",
    "has",
    "ever",
    "will",
    # de, es, fr, pt, it: only words that open a question and nothing else ("cómo" with its
    # accent, not "como"; no "come", "qui" or "quando", which open statements too)
    "was",
    "warum",
    "wieso",
    "weshalb",
    "wer",
    "wann",
    "welche[rsnm]?",
    "wusstest",
    "kennst",
    "qué",
    "por qué",
    "cómo",
    "quién",
    "cuándo",
    "dónde",
    "cuál",
    "sabías",
    "pourquoi",
    "comment",
    "où",
    "quel(?:le)?s?",
    "est-ce",
    "savais",
    "saviez",
    "por que",
    "quem",
    "onde",
    "você sabia",
    "perché",
    "dove",
    "quale",
    "sapevi",
)
CURIOSITY_GAP = phrase_pattern(
    "what if",
    "the secret",
    "nobody tells you",
    "no one tells you",
    r"(?:nobody|no one) (?:warns|explains|told) (?:you|me)",
    "no one talks about",
    "nobody talks about",
    "here'?s why",
    "here'?s what",
    "you won'?t believe",
    "wait for it",
    "wait till",
    "watch till the end",
    "until the end",
    "the reason why",
    "this is why",
    "turns out",
    "guess what",
    "the truth about",
    "what happened",
    "i didn'?t expect",
    "the one thing",
    "the real reason",
    # a reason announced and withheld: "there's one reason our croissants take three days"
    r"there'?s (?:one|a|only one) reason",
    r"es gibt (?:einen|nur einen) grund",
    r"hay una raz[oó]n",
    r"il y a une (?:seule )?raison",
    r"h[aá] (?:um|s[oó] um) motivo",
    r"c'[eè] un motivo",
    # the thing that harms you, unnamed: "the setting killing your battery"
    r"the (?:\w+ ){1,3}(?:that'?s |that is )?(?:\w+ly )?(?:killing|ruining|destroying|wrecking"
    r"|draining|sabotaging|stealing) your",
    # a secret or a trick named and not told: "this $40 keyboard has a secret", "il trucco
    # di mia nonna"
    r"(?:has|have|had|hides|hide|hiding) a (?:\w+ )?secret",
    # or where one lies: "there's a secret spot on a glass ketchup bottle"
    r"there'?s a (?:\w+ )?secret",
    r"es gibt ein (?:\w+es )?geheim",
    r"hay un (?:\w+ )?secreto",
    r"il y a un (?:\w+ )?secret",
    r"(?:tem|h[aá]) um (?:\w+ )?segredo",
    r"c'[eè] un (?:\w+ )?segreto",
    r"\w+'s (?:secret|trick)",
    r"(?:hat|haben|hatte) ein (?:\w+es )?geheimnis",
    r"der trick (?:von|meiner|meines|meinem)",
    r"(?:tiene|tienen|ten[ií]a) un secreto",
    r"el (?:truco|secreto) de",
    r"(?:a|ont|avait) un secret",
    r"l'astuce de",
    r"(?:tem|t[eê]m|tinha) um segredo",
    r"o (?:truque|segredo) d[aeo]s?",
    r"(?:ha|hanno|aveva) un segreto",
    r"il (?:trucco|segreto) (?:di|della|del|dello|dei)",
    # a thing announced and withheld: "il y a un truc que la SNCF n'a pas expliqué"
    r"there'?s (?:something|one thing|a thing) (?:that|nobody|no one|they|you)",
    # ... or as one small thing: "there's 1 tiny thing on almost every road in Europe that …"
    r"there'?s (?:one|1|a single) (?:tiny|little|small|simple|weird|hidden) (?:thing|detail)",
    r"es gibt (?:eine|1) (?:kleine|winzige|einfache) sache",
    r"hay una? (?:peque[nñ][ao]|simple|tonter[ií]a de) (?:cosa|detalle)",
    r"il y a (?:une|1) (?:petite|simple) chose|il y a un (?:petit|simple) (?:truc|d[ée]tail)",
    r"(?:tem|h[aá]) uma (?:pequena|simples) coisa|(?:tem|h[aá]) um (?:pequeno|simples) detalhe",
    r"c'[eè] una (?:piccola|semplice) cosa|c'[eè] un (?:piccolo|semplice) dettaglio",
    r"es gibt (?:etwas|eine sache|ein ding),? (?:das|die|was)",
    r"hay (?:algo|una cosa) que",
    r"il y a (?:un truc|une chose|quelque chose) que",
    r"(?:tem|h[aá]) uma coisa que",
    r"c'[eè] una cosa che",
    # ... or as a phrase, a rule or a habit, unnamed: "hay una frase que me cambió la forma de
    # empezar cualquier cosa"
    r"there'?s (?:a|one|1) (?:phrase|sentence|word|rule|habit|mistake|question|trick|hack) "
    r"(?:that|which|to)",
    r"es gibt (?:einen|eine|ein|1) (?:satz|spruch|wort|regel|gewohnheit|fehler|frage),? "
    r"(?:der|die|das)",
    r"hay una? (?:frase|palabra|regla|costumbre|h[aá]bito|error|pregunta) que",
    r"il y a une? (?:phrase|mot|r[eè]gle|habitude|erreur|question) qui",
    r"(?:tem|h[aá]|existe) uma? (?:frase|palavra|regra|h[aá]bito|erro|pergunta) que",
    r"c'[eè] una? (?:frase|parola|regola|abitudine|errore|domanda) che",
    # ... or what it did, the thing unnamed: "the setting that fixed my muddy mixes"
    r"the (?:\w+ ){0,2}(?:setting|trick|hack|habit|app|tool|tip|rule|product|thing) "
    r"(?:that|which) (?:\w+ )?(?:fixed|changed|saved|solved|doubled|transformed)",
    r"(?:der|die|das) (?:\w+ )?(?:einstellung|trick|gewohnheit|app|tipp|regel|ding),? "
    r"(?:der|die|das) (?:\w+ ){1,4}(?:gerettet|ver[aä]ndert|gel[oö]st|verdoppelt)",
    r"(?:el|la) (?:\w+ )?(?:ajuste|truco|h[aá]bito|app|consejo|regla|cosa) que (?:me )?"
    r"(?:cambi[oó]|salv[oó]|arregl[oó]|resolvi[oó]|duplic[oó])",
    r"(?:le|la|l') ?(?:\w+ )?(?:r[eé]glage|astuce|habitude|appli|conseil|r[eè]gle|truc) qui "
    r"(?:m'a |a )(?:chang[eé]|sauv[eé]|r[eé]gl[eé]|r[eé]solu|doubl[eé])",
    r"(?:o|a) (?:\w+ )?(?:ajuste|truque|h[aá]bito|app|dica|regra|coisa) que "
    r"(?:mudou|salvou|resolveu|dobrou|transformou)",
    r"(?:il|la|l') ?(?:\w+ )?(?:impostazione|trucco|abitudine|app|consiglio|regola|cosa) che "
    r"(?:mi )?ha (?:cambiato|salvato|risolto|raddoppiato)",
    # what almost nobody knows: "the Rome water trick no tourist knows"
    r"(?:almost |nearly )?(?:nobody|no one|no \w+) (?:knows|notices|realises|realizes)\b",
    r"(?:fast |kaum )?(?:niemand|kein \w+) (?:wei(?:ß|ss)|kennt|bemerkt)",
    r"casi (?:nadie|ning[uú]n \w+) (?:sabe|conoce|nota)",
    r"presque (?:personne|aucun \w+) ne (?:sait|conna[iî]t|remarque)",
    r"quase (?:ningu[eé]m|nenhum \w+) (?:sabe|conhece|nota)",
    r"quasi (?:nessuno|nessun \w+) (?:sa|conosce|nota)\b",
    # one thing of its kind, unnamed, that nobody knows: "there's 1 card in Clash Royale that
    # nobody at my level knows how to play against"
    r"there'?s (?:one|1|a single) (?:[\w'-]+ ){1,5}(?:that |which )?(?:nobody|no one)",
    # a place announced, its name withheld: "there's a city in Spain where a beer comes with
    # dinner", "hay un pueblo en Italia donde …"
    r"there'?s an? (?:[\w'-]+,? ){1,5}where",
    r"es gibt (?:ein|eine|einen) (?:[\w'-]+,? ){1,5}wo",
    r"hay una? (?:[\w'-]+,? ){1,5}donde",
    r"il y a une? (?:[\w'-]+,? ){1,5}où",
    r"(?:tem|h[aá]|existe) uma? (?:[\w'-]+,? ){1,5}onde",
    r"c'[eè] una? (?:[\w'-]+,? ){1,5}dove",
    # de, es, fr, pt, it
    "das geheimnis",
    "niemand sagt dir",
    r"(?:niemand|keiner) (?:erz[aä]hlt|erkl[aä]rt) dir",
    "keiner sagt dir",
    "niemand redet über",
    "warte bis",
    "bis zum ende",
    "der grund warum",
    "stellt sich heraus",
    "el secreto",
    "nadie te dice",
    r"nadie te (?:cuenta|explica)",
    "nadie habla de",
    "espera a",
    "hasta el final",
    "la raz[oó]n por la que",
    "resulta que",
    "le secret",
    "personne ne te dit",
    r"personne ne (?:t'explique|te raconte|vous dit|vous explique)",
    "personne ne parle",
    "attends",
    "jusqu'[aà] la fin",
    "la raison pour laquelle",
    r"o motivo (?:pelo qual|por que)",
    r"a raz[aã]o (?:pela qual|por que)",
    r"il motivo per cui",
    r"la ragione per cui",
    "en fait",
    "o segredo",
    "ningu[eé]m te conta",
    r"ningu[eé]m te (?:explica|diz)",
    "ningu[eé]m fala",
    "espera at[eé]",
    "at[eé] o final",
    "il segreto",
    "nessuno ti dice",
    r"nessuno ti (?:spiega|racconta)",
    "nessuno parla",
    "aspetta",
    "fino alla fine",
    # what nobody notices or knows, in six languages
    r"what (?:nobody|no one) (?:knows|notices|sees|realises|realizes)",
    r"(?:hardly|barely) any(?:one|body) (?:knows|notices|uses)",
    r"most people (?:don'?t|do not|never) (?:know|notice|realise|realize)",
    r"was (?:niemand|keiner)",  # the verb comes last: "was niemand über … weiß"
    r"lo que nadie (?:sabe|nota|ve)",
    r"ce que personne ne (?:sait|remarque|voit)",
    r"o que ningu[eé]m (?:sabe|nota|v[eê])",
    r"quello che nessuno (?:sa|nota|vede)",
    # what the speaker wishes they had known: "a trick I wish I'd known years ago"
    r"i wish (?:i'?d|i had|i) known",
    r"i wish i knew",
    r"h[aä]tte ich (?:das )?(?:gern|gerne|lieber )?(?:fr[uü]her )?gewusst",
    r"ojal[aá] (?:lo )?hubiera sabido",
    r"me hubiera gustado saber(?:lo)?",
    r"j'aurais (?:vraiment |tellement |bien )?(?:aim[eé]|voulu) (?:le )?savoir",
    r"si j'avais su",
    r"(?:queria|gostaria de) ter sabido",
    r"avrei voluto saper(?:lo|e)",
    # what few people know: "Pouca gente sabe que a Garota de Ipanema …"
    r"(?:few|not many|very few) people (?:know|realise|realize)",
    r"(?:nur )?wenige wissen|kaum (?:jemand|einer) wei(?:ß|ss)",
    r"(?:poca gente|pocos|muy pocos) (?:lo )?sabe[n]?",
    r"peu de (?:gens|personnes) (?:le )?savent",
    r"(?:pouca gente|poucos|pouqu[ií]ssim[oa]s) (?:pessoas )?sabe[m]?",
    r"(?:pochi|in pochi|poca gente) (?:lo )?sa(?:nno)?\b",
    # what most of a kind miss or get wrong: "THE DAY 1 MOVE MOST NEW FARMERS MISS"
    r"most (?:[\w'-]+ ){0,3}(?:miss|overlook|skip|ignore|get wrong|never (?:notice|see|try))\b",
    r"(?:die )?meisten (?:[\w'-]+ ){0,3}(?:übersehen|verpassen|falsch machen)",
    r"la mayor[ií]a (?:de (?:los |las )?)?(?:[\w'-]+ ){0,2}"
    r"(?:pasa por alto|se salta|hace mal|no ve)",
    r"la plupart (?:des |de )?(?:[\w'-]+ ){0,2}"
    r"(?:ratent|passent (?:juste )?[aà] c[oô]t[eé]|ignorent)",
    r"a maioria (?:d[oa]s? )?(?:[\w'-]+ ){0,2}(?:ignora|erra|n[aã]o (?:v[eê]|percebe))",
    r"la maggior parte (?:de(?:i|gli|lle) )?(?:[\w'-]+ ){0,2}(?:ignora|sbaglia|non (?:vede|nota))",
    # what no guide or no one shows you: "DAS ZEIGT DIR KEIN REISEFÜHRER"
    r"(?:no|not a single) (?:\w+ )?(?:guide|guidebook|book|app|teacher|school|doctor|tutorial"
    r"|website|article|video)s? (?:will )?(?:tells?|shows?) you",
    r"(?:zeigt|sagt|verr[aä]t|erz[aä]hlt) (?:dir|euch) (?:kein|keine|keiner|niemand)",
    r"(?:ninguna|ning[uú]n) (?:\w+ ){0,2}te (?:dice|cuenta|enseña|muestra)",
    r"aucun(?:e)? (?:\w+ ){0,2}ne (?:te|vous) (?:dit|montre|raconte)",
    r"nenhum(?:a)? (?:\w+ ){0,2}te (?:diz|conta|mostra)",
    r"nessun[oa]? (?:\w+ ){0,2}ti (?:dice|mostra|racconta)",
    # what nobody can explain: "hundreds danced until they collapsed, and nobody can fully
    # explain it"; a mystery that remains
    r"(?:nobody|no one) (?:can|could|has ever|ever) (?:\w+ )?explain(?:ed)?",
    r"(?:still )?(?:can'?t|cannot|couldn'?t) (?:\w+ )?explain (?:it|this|why)",
    r"(?:is|remains) (?:still )?a mystery",
    r"(?:niemand|keiner) (?:kann )?(?:\w+ ){0,2}erkl[aä]ren|bis heute ein r[aä]tsel",
    r"nadie (?:puede|ha podido|sabe|consigue) explicar|sigue siendo un misterio",
    r"personne (?:ne (?:peut|sait)|n'a (?:jamais )?pu) (?:l')?expliquer|reste un myst[eè]re",
    r"ningu[eé]m (?:consegue|sabe|conseguiu|pode) explicar|continua (?:sendo )?um mist[eé]rio",
    r"nessuno (?:sa|riesce a|[eè] riuscito a|pu[oò]) spiegar|resta un mistero",
    # what cannot be unseen once noticed: "once you notice this in TV shows, you cannot stop
    # noticing it"
    r"once you (?:notice|see|spot|hear|know) (?:this|it)",
    r"(?:can'?t|cannot|won'?t|won'?t be able to) (?:stop (?:noticing|seeing|hearing)|unsee)",
    r"(?:wenn|sobald) du (?:das|es) (?:einmal |erst (?:mal |einmal )?)?(?:bemerkt|gesehen) hast",
    r"una vez que (?:lo )?(?:ves|notas)|ya no (?:vas a )?poder dejar de ver(?:lo)?",
    r"une fois que tu (?:l'as|as) (?:vu|remarqu[eé])|tu ne (?:pourras|peux) plus (?:ne pas le )?"
    r"(?:voir|l'ignorer)",
    r"depois que voc[eê] (?:percebe|v[eê]|nota)|n[aã]o (?:d[aá]|vai dar) (?:mais )?pra desver",
    r"una volta che (?:lo )?(?:noti|vedi)",
    r"non (?:riesci|riuscirai) pi[uù] a non (?:vederlo|notarlo)",
    # something hidden, unnamed: "PIXAR HID THIS IN ALMOST EVERY MOVIE"
    r"(?:hid|hides|hidden|hiding|snuck|sneaks) this",
    r"(?:versteckt|versteckte|versteckten) (?:das|dies|so etwas)",
    r"(?:escondi[oó]|esconde|esconden|escondieron) esto",
    r"(?:a|ont) cach[eé] (?:[çc]a|ceci|cette chose)",
    r"(?:escondeu|esconde|escondem|esconderam) isso",
    r"(?:ha|hanno) nascosto (?:questo|questa cosa)",
)
BOLD_CLAIM = phrase_pattern(
    "best",
    "worst",
    "never",
    "always",
    "everyone",
    "everybody",
    "nobody",
    "the only",
    "biggest",
    "number one",
    "guaranteed",
    "changed my life",
    "game changer",
    "insane",
    "ultimate",
    "perfect",
    "easiest",
    "fastest",
    r"(?:more|better) than any",
    # a comparison that takes a side: "these $50 earbuds sound better than the AirPods"
    r"(?:better|worse|cheaper|faster) (?:\w+ ){0,3}than",
    "hands down",
    "of all time",
    r"the most \w+",
    r"the greatest",
    # de, es, fr, pt, it
    r"(?:mehr|besser) als (?:jede[rsnm]?|alle)",
    r"(?:besser|schlechter|billiger|schneller) (?:\w+ ){0,3}als",
    r"(?:mejor|peor|m[aá]s barat[oa]s?) (?:\w+ ){0,3}que",
    r"(?:meilleure?s?|mieux|pire) (?:\w+ ){0,3}que",
    r"(?:melhor|pior) (?:\w+ ){0,3}(?:do )?que",
    r"(?:meglio|migliore|peggio|peggiore) (?:\w+ ){0,3}d(?:i|el|ella|ello|ei)",
    r"(?:más|mejor) que cualquier",
    # the viewer told they are losing out: "you're throwing away runs", "tu perds ton argent"
    r"you(?:'re| are) (?:wasting|throwing away|losing|ruining|doing (?:\w+ ){0,2}wrong)",
    r"du (?:verschwendest|wirfst \w+ weg|machst (?:\w+ ){0,2}falsch)",
    r"est[aá]s (?:perdiendo|tirando|desperdiciando|haciendo(?: \w+){0,2} mal)",
    r"tu (?:perds|g[aâ]ches|gaspilles|fais (?:\w+ ){0,2}mal)",
    r"(?:voc[eê]|tu) (?:est[aá]|t[aá]) "
    r"(?:perdendo|jogando \w+ fora|desperdi[cç]ando|fazendo(?: \w+){0,2} errado)",
    r"stai (?:sprecando|buttando|perdendo|sbagliando)",
    # beating every rival: "Asturias en verano gana a cualquier playa"
    r"(?:beats|schl[aä]gt|gana a|bat|ganha de|batte) "
    r"(?:any|every|jede[nrs]?|cualquier|tou(?:te)?s? les|n'importe quel(?:le)?|qualquer"
    r"|qualsiasi|ogni)",
    # a superlative over all that exists: "o amigurumi mais fácil que existe"
    r"(?:que|qui) exist(?:e|a)",
    r"che esist(?:e|a)",
    r"den es gibt",
    r"(?:plus|mieux) que n'importe quel(?:le)?",
    r"(?:mais|melhor) (?:do )?que qualquer",
    r"(?:più|meglio) di qualsiasi",
    # superlatives: "la ruta más bonita de España", "le plus beau", "la più difficile di"
    r"(?:el|la|los|las) más \w+",
    r"más \w+ del?",
    r"(?:le|la|les) plus \w+",
    r"(?:o|a|os|as) mais \w+",
    r"mais \w+ d[oa]s?",
    r"(?:il|la|lo|i|gli|le) più \w+",
    r"più \w+ d(?:i|el|ella|ello|ei|elle)",
    # "nobody" opening the line in the other five languages (what nobody tells or talks about
    # is a curiosity gap, read first): "Ninguém vai vir te salvar", not "una perrita que
    # nadie quería"
    r"^(?:niemand|nadie|personne ne|ningu[eé]m|nessuno)",
    "der beste",
    "die beste",
    "das beste",
    "am besten",
    "niemals",
    "du brauchst keine?n?",
    "hat mein leben ver[aä]ndert",
    "el mejor",
    "la mejor",
    "lo mejor",
    "el peor",
    "nunca",
    "siempre",
    "no necesitas",
    "me cambi[oó] la vida",
    "le meilleur",
    "la meilleure",
    "le pire",
    "jamais",
    "toujours",
    "tu n'as pas besoin",
    "a chang[eé] ma vie",
    "o melhor",
    "a melhor",
    "o pior",
    "voc[eê] n[aã]o precisa",
    "mudou minha vida",
    "il migliore",
    "la migliore",
    "il peggiore",
    "non ti serve",
    "non hai bisogno",
    "mi ha cambiato la vita",
)
CONTROVERSY = phrase_pattern(
    "unpopular opinion",
    # what everyone else says, waved away: "I don't care what TikTok says", "me da igual lo
    # que diga TikTok"
    r"i don'?t care what (?:\w+ ){0,3}(?:says?|tells? you|thinks?)",
    r"(?:mir )?(?:egal|wurscht),? was (?:\w+ ){0,3}(?:sagt|sagen|meint|meinen)",
    r"(?:me da igual|me importa poco|no me importa) lo que (?:\w+ ){0,3}(?:diga|digan|dice|dicen)",
    r"(?:peu importe|je me fiche de|je m'en fiche de) ce que (?:\w+ ){0,3}(?:dit|disent|pense)",
    r"n[aã]o (?:importa|me importa) o que (?:\w+ ){0,3}(?:diz|dizem|fala|falam)",
    r"non (?:importa|m'importa|me ne frega(?: niente)?(?: di)?) (?:cosa|quello che) (?:\w+ ){0,3}"
    r"(?:dice|dicono|pensa)",
    "hot take",
    "controversial",
    "overrated",
    "underrated",
    "scam",
    "is a lie",
    "lied to you",
    "wrong about",
    "stop doing",
    "stop using",
    "don'?t do this",
    "myth",
    # de, es, fr, pt, it
    "unpopul[aä]re meinung",
    "umstritten",
    "[uü]berbewertet",
    "untersch[aä]tzt",
    "abzocke",
    "l[uü]ge",
    "h[oö]r auf",
    "opini[oó]n impopular",
    "pol[eé]mic[ao]",
    "sobrevalorad[oa]",
    "infravalorad[oa]",
    "estafa",
    "mentira",
    "deja de",
    "opinion impopulaire",
    "pol[eé]mique",
    "surcot[eé]",
    "arnaque",
    "mensonge",
    "arr[eê]te de",
    "opini[aã]o impopular",
    "pol[eê]mic[ao]",
    "superestimad[oa]",
    "golpe",
    "pare de",
    "opinione impopolare",
    "sopravvalutat[oa]",
    "truffa",
    "bugia",
    "smetti di",
    # a take announced as one many will dislike
    r"(?:a lot of |most )?people (?:won'?t|will not|are not going to|aren'?t going to) like",
    r"hate me for (?:this|saying)",
    r"(?:wird|werden) (?:dir|euch|vielen) nicht gefallen",
    r"no (?:le|les|te|os) va a gustar",
    r"ne va pas (?:te|vous|leur) plaire",
    r"n[aã]o vai gostar",
    r"non (?:ti|vi|gli) piacer[àa]",
    # or as one the creator will be attacked for: "I'm going to get yelled at for this"
    r"(?:get|be|getting) (?:yelled at|hated|cancell?ed|roasted|dragged|flamed) for (?:this|saying)",
    r"don'?t come for me",
    r"(?:werdet|werden) mich (?:daf[uü]r )?hassen",
    r"daf[uü]r (?:werde|wird) ich (?:gehasst|angeschrien|gesteinigt)",
    r"me van a (?:odiar|matar|funar|criticar|crucificar) por",
    r"(?:me faire|vous allez me|tu vas me) (?:d[eé]tester|taper|tuer|lyncher|insulter|allumer)",
    r"v[aã]o me (?:xingar|odiar|matar|cancelar|criticar)",
    r"mi (?:odierete|odieranno|insulterete|insulteranno|criticherete|insultate)",
    # or as one that makes enemies, or that nobody wants to hear
    r"(?:make|making) (?:some |a few )?enemies",
    r"(?:nobody|no one) wants to hear (?:this|it|that)",
    r"(?:wollen|will) (?:viele|keiner|niemand) (?:nicht )?h[oö]ren",
    r"(?:me hacer|hacerme) enemigos",
    r"nadie (?:lo )?quiere o[ií]r",
    r"me faire des ennemis",
    r"(?:personne|beaucoup) ne veu(?:t|lent) (?:pas )?(?:l')?entendre",
    r"(?:fazer|arranjar) inimigos",
    r"ningu[eé]m quer ouvir",
    r"(?:farmi|mi far[oò]) (?:dei |tanti )?nemici",
    r"nessuno vuole sentir",
    r"unpopular (?:truth|take|fact)",
    # or as one the creator will say plainly now, whoever minds: "I'm just gonna say it"
    r"i'?(?:m|ll) (?:just )?(?:gonna |going to )?say it(?: now)?(?=\s*[,:.!])",
    r"i said what i said",
    r"ich sag'?s? (?:es )?(?:jetzt )?(?:einfach|ehrlich|mal ganz ehrlich|wie es ist)",
    r"lo voy a decir(?: claro| ya)?(?=\s*[,:])",
    r"lo digo (?:claro|sin rodeos|y ya)",
    r"je (?:vais le dire|le dis) (?:cash|franchement|clairement|comme [çc]a)",
    r"vou (?:falar|dizer) (?:logo|na lata|sem rodeios)",
    r"lo dico (?:chiaro|senza giri di parole)",
    # or said on the way out: "Lo dico e poi scappo", "I'm gonna say this and run"
    r"(?:say|said) (?:it|this|that) and (?:run|leave|log off|hide)",
    r"ich sag'?s? (?:es |das )?und (?:bin weg|renne|hau ab)",
    r"lo (?:digo|suelto|dejo aqu[ií]) y me (?:voy|escondo|piro)",
    r"je (?:dis|l[aâ]che|balance) [çc]a et je (?:m'en vais|pars|me cache|fuis)",
    r"(?:falo|vou falar|digo|vou dizer) e (?:saio|vou sair) correndo",
    r"lo dico e (?:poi )?(?:scappo|me ne vado)",
    # or closed to argument: "no es tortilla, y no pienso discutirlo", "fight me"
    r"fight me",
    r"change my mind",
    r"don'?t @ me",
    r"(?:und )?keine diskussion",
    r"(?:no pienso|no voy a) discutir(?:lo)?",
    r"no hay (?:debate|discusi[oó]n)",
    r"y punto\b",
    r"point final",
    r"(?:je ne|j'vais pas) (?:d[ée]battre|discuter)",
    r"(?:e )?ponto final",
    r"n[aã]o (?:vou )?discut(?:o|ir)",
    r"non si discute",
    r"(?:e )?punto e basta",
)
TUTORIAL_PROMISE = phrase_pattern(
    "how to",
    "here'?s how",
    "let me show you",
    "i'?ll show you",
    "i'?m going to show you",
    # what the creator is about to show or teach: "I'm gonna show you soft flatbread …"
    r"(?:gonna|going to|about to) (?:show|teach) you",
    r"(?:i'?ll|let me) teach you",
    "show you how",
    "step by step",
    "tutorial",
    "learn",
    "ways to",
    "tips",
    "hack",
    "hacks",
    "in \\d+ (?:seconds|minutes|steps)",
    # a fix promised for a moment's attention: "give me 20 seconds and I'll fix your serve"
    r"give me (?:\d+|\w+) (?:seconds|minutes) and",
    r"gib mir (?:\d+|\w+) (?:sekunden|minuten) und",
    r"dame (?:\d+|\w+) (?:segundos|minutos) y",
    r"donne[- ]moi (?:\d+|\w+) (?:secondes|minutes) et",
    r"(?:me )?d[aá](?:-me)? (?:\d+|\w+) (?:segundos|minutos) (?:e|que)",
    r"dammi (?:\d+|\w+) (?:secondi|minuti) e",
    # a caption's time in its short form, in every language: "15 MIN LEMON PASTA"
    r"\d+ ?mins?",
    # a number of tips or exercises for doing something: "3 exercises to sing without …"
    r"\d+ (?:tips|ways|steps|exercises|drills|tricks|tipps|übungen|consejos|trucos|"
    r"ejercicios|pasos|astuces|conseils|exercices|[eé]tapes|dicas|exerc[ií]cios|passos|"
    r"consigli|esercizi|trucchi|passi) (?:to|for|para|für|zum|pour|per)",
    # de, es, fr, pt, it
    # a result promised in a short time: "in 10 Minuten", "en 1 minuto", "en une heure"
    r"(?:in|en|em) (?:\d+|une?|uma?|eine[mr]?|una?) "
    r"(?:sekunden|minuten|stunde|stunden|schritten|segundos?|minutos?|horas?|pasos|"
    r"secondes?|minutes?|heures?|[eé]tapes|passos|secondi|minuti|ore|passi)",
    "ich zeige? dir",
    r"ich zeige? euch",
    r"zeige? ich (?:dir|euch)",
    # "how to" as each language says it: a how-word before an infinitive ("wie man …",
    # "comment apprendre …", "cómo hacer …"; unaccented "como/come" also means "like", so
    # only at the line's start; English "comment here" asks for a comment)
    "wie man",
    r"cómo \w+(?:ar|er|ir)(?:se|lo|la)?",
    r"comment (?!(?:here|there|where|under|over|after|before|more|ever|never|other|either"
    r"|whether|together|further|sure)\b)\w+(?:er|ir|re)",
    r"^(?:como|come) \w{3,}(?:ar|er|ir|are|ere|ire)(?:se|lo|la|si)?",
    "so geht",
    "so machst du",
    "wie du",
    "anleitung",
    "tipps",
    "schritt f[uü]r schritt",
    "te ense[nñ]o",
    "te voy a ense[nñ]ar",
    "te muestro",
    r"te voy a mostrar",
    r"(?:os|les) (?:enseño|muestro)",
    r"je vais vous montrer",
    r"je vous montre",
    r"vou (?:te |lhes? )?(?:mostrar|ensinar)",
    r"(?:ti|vi) faccio vedere",
    r"vi (?:mostro|insegno)",
    "c[oó]mo hacer",
    "paso a paso",
    "trucos",
    "consejos",
    "je vais te montrer",
    "je te montre",
    "voici comment",
    "[eé]tape par [eé]tape",
    "astuces",
    "conseils",
    "vou te mostrar",
    "te ensino",
    "como fazer",
    "passo a passo",
    "dicas",
    "ti mostro",
    "ti insegno",
    "come fare",
    "passo dopo passo",
    "consigli",
    "trucchi",
)


def _clause_start(*leads: str) -> str:
    """Where a clause opens: the line's start, after a punctuation mark, or after one of the
    words that lead into it (`leads`: "so", "alors")."""
    return r"(?:^|(?<=[.,;:!?] )" + "".join(rf"|(?<={lead} )" for lead in leads) + ")"


STORY_OPENER = phrase_pattern(
    # the viewer put in the scene: "POV: you said 'we should head out' at 9pm", "You're
    # walking up the steps to Sacré-Cœur and a guy steps in front of you" (the recogniser may
    # write the "and" as a comma: "… to Sacré-Cœur, a guy steps in front of you")
    "pov",
    _clause_start("so", "okay", "ok")
    + r"you'?re (?:\w+ing|at|in|on) (?:[\w'-]+,? ){0,8}(?:and |(?<=, ))(?:a|an|some|someone"
    r"|somebody|suddenly|out of nowhere)",
    _clause_start("also", "okay")
    + r"du (?:bist|stehst|sitzt|gehst|l[aä]ufst) (?:[\w'-]+,? ){1,8}und (?:pl[oö]tzlich|ein|eine)",
    _clause_start("vale", "bueno", "pues")
    + r"(?:est[aá]s|vas) (?:[\w'-]+,? ){1,8}y (?:de repente|un|una|alguien)",
    _clause_start("alors", "bon") + r"tu (?:es|marches|montes|arrives) (?:[\w'-]+,? ){1,8}et "
    r"(?:soudain|un|une|quelqu'un)",
    _clause_start("tipo", "ent[aã]o") + r"voc[eê] (?:est[aá]|vai|chega) (?:[\w'-]+,? ){1,8}e "
    r"(?:de repente|um|uma|algu[eé]m)",
    _clause_start("allora", "tipo") + r"(?:sei|stai) (?:[\w'-]+,? ){1,8}e (?:all'improvviso|un|una"
    r"|qualcuno)",
    # "so I …", not "so I'm gonna show you" or "so I'll …" (what comes, not what happened)
    r"so i(?!'(?:m|ll)\b)",
    "when i",
    # at a clause's start: "I was at the till when …", not "I didn't know I was spending"
    _clause_start("so", "okay", "ok", "and", "well") + r"i (?:was|just)\b",
    # a time that opens a story, not one a line refers back to ("continuing from yesterday")
    r"(?<!from )(?<!since )(?<!until )(?:yesterday|last week|last year)",
    "story ?time",
    # what someone of the teller's own did: "So my parrot Kiwi has figured out the microwave"
    _clause_start() + r"(?:okay |ok )?so,? my (?:[\w'-]+ ){1,3}(?:has|had|just|finally|decided"
    r"|learned|learnt|figured|started|got|found|did|went|texted|called)\b",
    "this happened",
    "one day",
    "years ago",
    # how long ago, in any of the six languages: "a year ago", "vor zwei Wochen", "hace un año"
    *TIME_AGO,
    "true story",
    "let me tell you",
    # the teller's age or a weekday that opens what they did: "At 26 I got fired", "El
    # domingo fui a comer a casa de mi abuela"
    _clause_start() + r"(?:at|when i was) \d{1,2},? i\b",
    _clause_start() + r"(?:last |on )?" + WEEKDAYS["en"] + r",? (?:i|we|my)\b",
    _clause_start() + r"mit \d{1,2}(?: jahren)?,? (?:habe|hab|bin|wurde|war|hatte) ich",
    _clause_start()
    + r"(?:letzten |am )"
    + WEEKDAYS["de"]
    + r",? (?:habe|hab|bin|war|hatte|wollte) ich",
    _clause_start() + r"a los \d{1,2} a[nñ]os,? (?:yo|me|mi|\w+é|\w+í|fui)",
    _clause_start() + r"el " + WEEKDAYS["es"] + r"(?: pasado)?,? (?:yo |me )?(?:fui|\w+é|\w+í)\b",
    _clause_start() + r"(?:à|a) \d{1,2} ans,? (?:j'|je)",
    _clause_start() + WEEKDAYS["fr"] + r"(?: dernier)?,? (?:j'|je suis|on est)",
    _clause_start() + r"aos \d{1,2} anos,? (?:eu|fui|me)",
    _clause_start() + r"(?:no|na) " + WEEKDAYS["pt"] + r"(?: passad[oa])?,? (?:eu|fui)",
    _clause_start() + r"a \d{1,2} anni,? (?:ho|sono|mi)",
    _clause_start() + WEEKDAYS["it"] + r"(?: scors[oa])?,? (?:ho|sono|io)",
    # a date that opens what the teller did: "In January 2020 I started …"
    r"(?:back )?in (?:" + MONTHS["en"] + r"(?: (?:19|20)\d\d)?|(?:19|20)\d\d),? (?:i|we|my)",
    r"(?:im|anfang|ende) (?:" + MONTHS["de"] + r"(?: (?:19|20)\d\d)?|(?:19|20)\d\d),? "
    r"(?:habe|hab|bin|war|hatte) ich",
    r"en (?:" + MONTHS["es"] + r"(?: de (?:19|20)\d\d)?|(?:19|20)\d\d),? (?:yo|me|mi|\w+é|\w+í)",
    r"en (?:" + MONTHS["fr"] + r"(?: (?:19|20)\d\d)?|(?:19|20)\d\d),? (?:j'|je|on|mon|ma)",
    r"em (?:" + MONTHS["pt"] + r"(?: de (?:19|20)\d\d)?|(?:19|20)\d\d),? (?:eu|meu|minha)",
    r"(?:a|nel) (?:" + MONTHS["it"] + r"(?: (?:19|20)\d\d)?|(?:19|20)\d\d),? "
    r"(?:ho|sono|avevo|ero|mi|mio)",
    r"(?<!from )(?<!since )last night",
    # de, es, fr, pt, it
    _clause_start("also", "und", "okay") + r"ich war\b",
    r"(?<!von )(?<!seit )gestern",
    "letzte woche",
    "letztes jahr",
    "als ich",
    "eines tages",
    "vor jahren",
    r"(?<!de )(?<!desde )ayer",
    "la semana pasada",
    "el a[nñ]o pasado",
    "cuando yo",
    "un d[ií]a",
    "hace a[nñ]os",
    # French "yesterday", not German "here" ("die hier rumliegen"): at a clause's start or
    # before the time of day
    r"(?<!d')(?<!depuis )(?:"
    + _clause_start("alors", "bon", "et", "mais", "donc")
    + r"hier\b(?! (?:ist|sind|war|in|im|auf|bei|\w+en\b))|hier (?:soir|matin"
    r"|apr[eè]s-midi))",
    "la semaine derni[eè]re",
    "l'ann[eé]e derni[eè]re",
    "quand j'[eé]tais",
    "un jour",
    "il y a des ann[eé]es",
    _clause_start("alors", "bon", "et", "donc") + r"j'[eé]tais",
    "ontem",
    "semana passada",
    "ano passado",
    "quando eu",
    "um dia",
    "h[aá] anos",
    "ieri",
    "la settimana scorsa",
    "l'anno scorso",
    "quando ero",
    "un giorno",
    "anni fa",
)
_YOU = ("you", "your", "you'?re", "you'?ll", "you'?ve", "yourself", "y'?all")
DIRECT_ADDRESS = phrase_pattern(*_YOU)
# What a spoken tutorial promise holds in any of the six languages: the viewer addressed
# ("I'll show you", "te enseño", "je te montre", "vi faccio vedere"), or a lesson starting
# ("Wir starten im Stehen", "On commence avec …", "let's start"). A fact that shares words
# with a promise's prototypes ("An octopus has three hearts" beside "three easy steps")
# holds neither.
TEACHES = re.compile(
    r"\b(?:" + "|".join(_YOU) + r"|du|dich|dir|dein|deine|deinen|deinem|deiner|ihr|euch|eure|euer"
    r"|tú|tu|tus|te|ti|usted|ustedes|os|vosotros"
    r"|toi|ton|ta|tes|vous|votre|vos"
    r"|você|vocês|teu|tua|vi|voi|vostro|vostra|tuo|tuoi"
    r"|let'?s (?:start|begin|go|get)|we(?:'re going to| will)? start"
    r"|wir (?:starten|beginnen|fangen)|empezamos|comenzamos|vamos a empezar"
    r"|on commence|commençons|começamos|vamos começar|cominciamo|iniziamo)\b"
    r"|\bt['\u2019]",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|hundreds|"
    r"thousand|thousands|million|millions|billion|percent|half|double|twice)\b",
    re.IGNORECASE,
)
# A statistic's figure in any of the six supported languages: a share, a scale, a multiple, a
# ratio or a large count. A hook is a statistic only if it states one; a price ("63 Euro") or
# a duration ("in 10 Minuten") is a number, not a statistic.
# A share or a count within a count, in the six languages: "78%", "prozent", "9 out of 10",
# "1 in 5", "uno su dieci", and with what is counted between, "3 pénaltys sur 4".
_SHARE_OR_RATIO = (
    r"%|\b(?:percent|prozent|por ciento|pour cent|por cento|per cento)\b"
    r"|\b(?:\d+|one|two|three|nine|ein|eine|einer|neun|uno|una|nueve|un|une|neuf|um|uma|nove)"
    r" (?:out of|in|von|aus|de cada|sur|em cada|su) (?:\d+|ten|zehn|diez|dix|dez|dieci)\b"
    r"|\b\d+ (?:[^\W\d_]+ ){1,2}(?:out of|von|de cada|sur|em cada|su) \d+\b"
)
# A period a count or a sum is given per: "96 times a day", "$564 a year", "3 volte al giorno".
_PER_PERIOD = (
    r"(?:an?|per|every|each|am|pro|al|por|par|ao|all[ao]?) ?(?:day|week|month|year|hour|minute"
    r"|tag|woche|monat|jahr|stunde|d[ií]a|semana|mes|año|hora|jour|semaine|mois|an|heure|dia|m[eê]s"
    r"|ano|giorno|settimana|mese|anno|ora)"
)
# What makes "N times" a figure: a comparison after it ("3 times more", "10 mal so viel"),
# or a period ("96 times a day", "3 volte al giorno").
_MULTIPLE_OR_RATE = (
    r"(?:more|less|faster|slower|bigger|smaller|higher|lower|as (?:much|many|\w+ as)|mehr"
    r"|weniger|so (?:viel|oft|lang|schnell)|schneller"
    r"|más|menos|tan|plus|moins|aussi|mais|tão|più|meno|così"
    r"|" + _PER_PERIOD + r")\b"
)
# A count too large for a price tag or a timer: "1,200 flights", "About 8000 people marched",
# not the year "2026" (but "2000 euros" is a sum, not a year).
_CURRENCY = r"(?:[$\u20ac\u00a3]|euros?|dollars?|pounds?|francs?|reais|pesos)"
_LARGE_COUNT = (
    r"\b\d{1,3}(?:[,.]\d{3})+\b"
    r"|\b(?!(?:19|20)\d\d\b(?!\s*" + _CURRENCY + r"))\d{4,}\b"
)
# A figure that opens the line on its own, then points back to it: "612 Kilowattstunden. So
# viel hat mein Balkonkraftwerk gemacht", "40,000 steps. That's how much I walked".
_FIGURE_SHOWN = (
    r"^\d[\d,.]*\s?(?:[^\W\d_]+ ?){0,2}[.!:] (?:that'?s how (?:much|many|far|long)"
    r"|so (?:viel|viele|weit|lange)|eso es lo que|esto es lo que|c'est ce que|[eé] o quanto"
    r"|(?:ecco|questo [eè]) quant[oaie])"
)
# A few, two to ten, in words in the six languages (as the recogniser may write a count).
COUNT_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|zwei|drei|vier|f[uü]nf|dos|tres|cuatro"
    r"|cinco|deux|trois|quatre|cinq|dois|duas|tr[eê]s|due|tre|quattro|cinque"
)
# A count over a span that opens the line: "14 brush fires in 9 days", "3 Unfälle in 2 Wochen".
_COUNT_IN_SPAN = (
    r"^\W*\d[\d,.]* (?:[^\W\d_]+ ){1,2}(?:in|en|em|within|innerhalb von) (?:\d+|"
    + COUNT_WORDS
    + r") (?:days|weeks|months|years|hours|tagen|wochen|monaten|jahren|stunden|d[ií]as"
    r"|semanas|meses|a[nñ]os|horas|jours|semaines|mois|ans|heures|dias|anos|giorni|settimane"
    r"|mesi|anni|ore)\b"
)
# A change given with its sign: "+15 CM CHAQUE ÉTÉ", "+300 % in a year" (not "-": "7-8 %").
_SIGNED_CHANGE = r"(?<![\w+])[+\u2212]\s?\d"
# A measure of length, weight or temperature in the six languages: "cut to exactly 8
# millimetres", "peut grandir de 15 centimètres", "Minus 272 degrees" (a price or a duration
# is no figure of a statistic; a measure is).
_MEASURE = (
    r"\d[\d,.]*\s?(?:mm|cm|km|kg|°c?|m²"
    r"|(?:mill?[ií]|cent[ií]|zenti|kil[oóô]|chilo|quil[oóô])?"
    r"(?:met(?:re|er)s?|m[eè]tres?|m[eé]tros?|metri)"
    r"|kilo(?:gram(?:me)?s?|s)?|degrees?|grad(?:os|i)?|degr[eé]s|graus)\b"
)
FIGURE = re.compile(
    _FIGURE_SHOWN
    + "|"
    + _SIGNED_CHANGE
    + "|"
    + _MEASURE
    + "|"
    + _COUNT_IN_SPAN
    # a share or a ratio ("a third" is left out: also "a third try")
    + "|"
    + _SHARE_OR_RATIO
    # a scale: "a million views", "tausende"
    + r"|\b(?:thousands?|millions?|billions?|tausende?|millionen|milliarden?|miles|mil"
    r"|millones|milliers|milliards?|milhares|milhões|milhão|migliaia|milioni|miliardi)\b"
    # a multiple ("3x", "10 mal mehr") or a rate ("96 times a day"); a count of tries is a
    # story's detail ("I failed my driving test 4 times")
    + r"|\d\s*x\b|\d\s*(?:times|mal|veces|fois|vezes|volte) "
    + _MULTIPLE_OR_RATE
    # a sum per period, a rate of money ("$564 a year", "47 euros al mes"); a price alone
    # ("63 Euro", "this $40 keyboard") is no statistic
    + r"|(?:[$\u20ac\u00a3]\s?\d[\d,.]*k?|\d[\d,.]*\s?k?\s?"
    + _CURRENCY
    + r")\s"
    + _PER_PERIOD
    + r"\b|"
    + _LARGE_COUNT,
    re.IGNORECASE,
)
# The statistic cue: English figures and prices, and a share or ratio in any language.
STATISTIC = re.compile(
    r"\d[\d,.]*\s*(?:%|percent\b|x\b|k\b|million\b|thousand\b|billion\b|out of\b)"
    r"|\d[\d,.]*\s*times "
    + _MULTIPLE_OR_RATE
    + r"|[$\u20ac\u00a3]\s?\d|\b(?:percent|million|billion)\b|"
    + _SHARE_OR_RATIO
    + "|"
    + _SIGNED_CHANGE
    + "|"
    + _FIGURE_SHOWN
    + "|"
    + _COUNT_IN_SPAN
    + "|"
    + _LARGE_COUNT,
    re.IGNORECASE,
)
# The first word in any script ("cómo", "wusstest", "est-ce"), for the question cue.
FIRST_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)?")


@dataclass(frozen=True)
class LineCues:
    """What a line of text does, by its cue phrases."""

    question: bool
    number: bool
    statistic: bool
    direct_address: bool
    curiosity_gap: bool
    bold_claim: bool
    controversy: bool
    tutorial_promise: bool
    story: bool


# The hook types a cue phrase names, and their patterns: read by `line_cues`, and by `cue_words`
# to find where a line says one.
CUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "curiosity_gap": CURIOSITY_GAP,
    "bold_claim": BOLD_CLAIM,
    "controversy": CONTROVERSY,
    "tutorial_promise": TUTORIAL_PROMISE,
    "story": STORY_OPENER,
}


def cue_words(text: str, hook_type: str) -> list[str] | None:
    """The words of `text`'s cue phrase of `hook_type`, as `normalise` writes them (None when
    the type has no phrase pattern or the line holds none)."""
    pattern = CUE_PATTERNS.get(hook_type)
    found = pattern.search(normalise(text)) if pattern is not None else None
    return found.group(0).split() if found else None


def line_cues(text: str) -> LineCues:
    clean = normalise(text)
    first = FIRST_WORD.match(clean.lstrip("\u00bf\u00a1\"' "))
    asking_word = first is not None and QUESTION_START.fullmatch(first.group(0)) is not None
    question = clean.rstrip().endswith("?") or asking_word
    cues = {name: pattern.search(clean) is not None for name, pattern in CUE_PATTERNS.items()}
    # What is withheld: a question's words trailing off instead of asking ("What my roommate
    # does in the kitchen at night...").
    withheld = asking_word and clean.rstrip().endswith(("...", "\u2026"))
    cues["curiosity_gap"] = cues["curiosity_gap"] or withheld
    return LineCues(
        question=question,
        number=NUMBER.search(clean) is not None,
        statistic=STATISTIC.search(clean) is not None,
        direct_address=DIRECT_ADDRESS.search(clean) is not None,
        **cues,
    )
