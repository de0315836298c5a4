"""Word lists and sentence parts of the benchmark corpus (French and English social-media comments).

Everything a generated message is made of lives here, as data: `TEMPLATES[lang][category]` are
sentence patterns whose `{slots}` are filled from `SLOTS[lang]` (a slot's value may hold slots of its
own); `bench.corpus` draws from them with a seeded generator. The brand is the default charter's
"Maison Lumière" (lamps, candles, home decoration), so that messages name it the way customers do.

The vocabulary is the one community managers actually read: delivery and refund complaints, stock
questions, praise, friends tagging friends, emoji-only reactions, swearing at nobody, insults aimed at
someone, threats (direct and veiled), accusations against staff, hate, personal data (one's own and
other people's), scams and spam, product-safety alerts, distress, press and legal requests.
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------------------------------------------
# shared by both languages

EMOJI: Final = (
    "😂", "😂😂", "🤣", "😍", "😍😍😍", "❤️", "❤", "🥰", "👍", "👍👍", "🙏", "😡", "🤬", "😤", "😭", "😢",
    "🙄", "🤡", "💩", "🔥", "🔥🔥", "👏", "👏👏👏", "😱", "🤔", "😅", "💯", "✨", "🎁", "⚠️", "👀", "😒",
    "🤮", "💔", "😊", "🙃", "😬", "🥲", "🤷‍♀️", "🤦‍♂️", "👌", "💪", "🌟",
)  # fmt: skip

FIRST_NAMES: Final = (
    "Léa", "Emma", "Chloé", "Manon", "Camille", "Inès", "Sarah", "Julie", "Lucie", "Clara", "Nina", "Zoé",
    "Hugo", "Lucas", "Nathan", "Louis", "Jules", "Gabriel", "Thomas", "Mehdi", "Karim", "Yanis", "Théo",
    "Maxime", "Antoine", "Julien", "Nicolas", "Sophie", "Nathalie", "Isabelle", "Sandrine", "Christophe",
    "Fatima", "Amina", "Moussa", "Mamadou", "Kevin", "Jessica", "Laura", "Pauline", "Quentin", "Romain",
    "Olivia", "Jack", "Harry", "Emily", "Jessie", "Liam", "Noah", "Mia", "Ava", "Ethan", "Chloe", "Grace",
    "Priya", "Mohammed", "Aisha", "Tom", "Ben", "Sam", "Kate", "Lucy", "Daniel", "James", "Ryan", "Megan",
)  # fmt: skip

LAST_NAMES: Final = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Benali", "Diallo", "Nguyen", "Traoré", "Haddad", "Smith", "Jones", "Taylor", "Brown", "Williams",
    "Wilson", "Evans", "Walker", "Wright", "Patel", "Khan", "Hughes", "Clarke", "Hall", "Green",
)  # fmt: skip

HANDLE_PARTS: Final = (
    "lea", "tom", "juju", "max", "lulu", "nico", "cam", "sosso", "kev", "mimi", "bibi", "titi", "zozo",
    "sun", "moon", "cat", "dog", "pixel", "neo", "ninja", "queen", "king", "lily", "rose", "blue", "dark",
    "happy", "crazy", "real", "official", "the", "mr", "miss", "lil", "big", "just", "not", "its",
)  # fmt: skip

CITIES: Final = (
    "Paris", "Lyon", "Marseille", "Lille", "Rennes", "Nantes", "Bordeaux", "Toulouse", "Nice", "Strasbourg",
    "Montpellier", "Grenoble", "Dijon", "Tours", "Reims", "Brest", "Metz", "Rouen", "Caen", "Angers",
    "London", "Leeds", "Manchester", "Bristol", "Brussels", "Geneva",
)  # fmt: skip

# Names of the brand's product lines, as customers write them ("ma lampe Aurore"). Generated
# lexicons of product names start with these (`bench.lexical`).
MODELS: Final = (
    "Aurore", "Sölvik", "Hektar", "Opale", "Céleste", "Velours", "Atlas", "Brisa", "Lumo", "Nordlys",
    "Camélia", "Orage", "Sirocco", "Albâtre", "Perle", "Mistral", "Ondine", "Kyoto", "Riviera", "Cosy",
)  # fmt: skip

DOMAINS: Final = ("gmail.com", "hotmail.fr", "yahoo.fr", "orange.fr", "free.fr", "outlook.com", "laposte.net")
SHORTENERS: Final = ("bit.ly", "tinyurl.com", "t.co", "cutt.ly", "rb.gy", "is.gd")
SCAM_HOSTS: Final = (
    "promo-maisonlumiere.shop", "cadeau-gratuit.win", "crypto-gains.io", "maisonlumiere-remboursement.com",
    "free-gift-card.top", "bonus-trading.net",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# French

FR_SLOTS: Final[dict[str, tuple[str, ...]]] = {
    "brand": ("Maison Lumière", "maison lumière", "Maison Lumiere", "@MaisonLumiere", "MaisonLumiere", "ML"),
    # With their article, as the templates use them ("la lampe", "une lampe").
    "product": (
        "la lampe", "la lampe de chevet", "le lampadaire", "l'applique", "la suspension", "la bougie",
        "la bougie parfumée", "la guirlande lumineuse", "l'abat-jour", "la veilleuse", "la lampe de bureau",
        "le plafonnier", "le miroir", "le coussin", "le plaid", "le vase", "le diffuseur", "l'ampoule",
        "la lampe solaire", "la lanterne", "le photophore", "la lampe {model}", "la suspension {model}",
        "le lampadaire {model}", "la bougie {model}",
    ),
    "a_product": (
        "une lampe", "un lampadaire", "une applique", "une suspension", "une bougie", "une guirlande",
        "un abat-jour", "une veilleuse", "un plafonnier", "un miroir", "un coussin", "un plaid", "un vase",
    ),
    "order": (
        "ma commande", "mon colis", "la commande de ma mère", "mon remboursement", "ma livraison",
        "mon échange", "mon avoir", "ma commande n°{ordernum}", "le colis {ordernum}",
    ),
    "ordernum": ("100234567", "CMD-48213", "FR2291834", "4471209", "ML-20931", "300918224"),
    "delay": (
        "3 semaines", "un mois", "15 jours", "10 jours", "deux semaines", "le 3 novembre", "lundi dernier",
        "plus d'un mois", "le black friday", "noël",
    ),
    "complaint_end": (
        "c'est inadmissible", "franchement c'est abusé", "c'est une honte", "je suis dégoûtée",
        "bravo le service client", "on se fout de qui ?", "merci pour rien", "vraiment déçu",
        "c'est du grand n'importe quoi", "jamais plus", "c'est quoi ce délire", "je suis à bout",
        "ça commence à bien faire", "j'attends toujours",
    ),
    "defect": (
        "est arrivée cassée", "ne s'allume plus", "a grillé au bout de 2 jours", "clignote tout le temps",
        "est rayée", "sent le plastique brûlé", "est tombée en panne", "fait un bruit bizarre",
        "n'a jamais fonctionné", "a un fil dénudé", "chauffe énormément", "est pas du tout la bonne couleur",
    ),
    "staff_role": (
        "la vendeuse", "le vendeur", "le gérant", "la directrice", "le responsable du magasin", "le livreur",
        "la caissière", "le manager", "la conseillère", "le chef de rayon", "le directeur régional",
    ),
    "staff_at": (
        "{staff_role} de {city}", "{staff_role} du magasin de {city}", "{staff_role}", "{first_name} de {city}",
    ),
    "praise_word": (
        "trop belle", "magnifique", "super jolie", "top", "parfaite", "canon", "une merveille", "géniale",
        "au top", "sublime", "trop mignonne", "de super qualité",
    ),
    "question_topic": (
        "vous êtes ouverts dimanche ?", "{product} existe en blanc ?", "c'est quand les soldes ?",
        "vous livrez en Belgique ?", "le magasin de {city} a encore {product} en stock ?",
        "comment on fait un retour ?", "y a un code promo en ce moment ?", "c'est quoi vos horaires à {city} ?",
        "{product} marche avec une ampoule LED ?", "on peut payer en 3 fois ?", "vous recrutez ?",
        "la livraison est gratuite à partir de combien ?", "c'est possible de retirer en magasin ?",
    ),
    "insult": (
        "connard", "connasse", "abruti", "crétin", "débile", "bouffon", "enfoiré", "salope", "pauvre con",
        "imbécile", "idiot", "guignol", "tocard", "nullos", "clown", "ordure", "raclure", "minable", "naze",
        "enculé", "bâtard", "fils de pute", "grosse merde", "tête de con",
    ),
    "insult_intro": (
        "t'es vraiment un", "espèce de", "quel", "bande de", "sale", "t'es qu'un", "gros", "va te faire voir",
        "vous êtes des", "ce",
    ),
    "target": ("toi", "le CM", "le community manager", "{staff_at}", "{first_name}", "@{handle}", "vous"),
    "profanity": ("putain", "merde", "bordel", "fait chier", "putain de merde", "punaise", "ptn", "pff"),
    "threat": (
        "je vais te tuer", "je sais où tu habites", "tu vas le payer", "je vais te casser la gueule",
        "je vais venir au magasin et ça va mal finir", "fais gaffe à toi en sortant", "on va te retrouver",
        "je vais te faire la peau", "t'es un homme mort", "je vais brûler votre magasin",
        "je vais tout casser dans votre boutique", "vous allez le payer cher", "je viens avec une batte",
    ),
    "reported_threat": (
        "le livreur m'a menacé de me frapper", "un vendeur m'a menacée", "on m'a menacé de mort dans votre parking",
        "votre employé a dit qu'il allait me casser la gueule",
    ),
    "accusation": (
        "pique dans la caisse", "a détourné l'argent des salariés", "se sert dans la caisse depuis des mois",
        "est un escroc", "harcèle les vendeuses",
        "vole les clients", "a falsifié les factures", "touche des pots-de-vin",
        "trafique les comptes", "a été viré pour vol", "ment à tout le monde", "est corrompu",
    ),
    "group": (
        "les arabes", "les noirs", "les juifs", "les musulmans", "les femmes", "les homos", "les immigrés",
        "les handicapés", "les trans", "les roms",
    ),
    "derogation": (
        "sont des parasites", "c'est tous des voleurs", "devraient dégager", "sont des sous-hommes",
        "n'ont rien à faire ici", "c'est une plaie", "sont des animaux",
    ),
    "hate_insult": ("sale arabe", "sale noir", "sale pd", "sale juif", "sale gouine", "sale bougnoule"),
    "phone": ("06 12 34 56 78", "0639981234", "07.81.22.43.19", "+33 6 45 78 12 90", "06-98-76-54-32"),
    "email": ("{handle}@{domain}", "{first_lower}.{last_lower}@{domain}", "{first_lower}{num}@{domain}"),
    "address": ("12 rue des Lilas à {city}", "3 avenue Jean Jaurès, {city}", "45 bd Voltaire {city}"),
    "iban": ("FR76 3000 6000 0112 3456 7890 189", "FR14 2004 1010 0505 0001 3M02 606"),
    "spam": (
        "Gagnez un iPhone 15 gratuit 🎁 cliquez ici {link}", "je gagne 500€ par jour grâce au trading bitcoin, dm moi",
        "🔥 PROMO -90% sur tout le site 🔥 {link}", "Suivez-moi je vous suis en retour ✨ follow4follow",
        "Tu veux gagner de l'argent depuis chez toi ? Contacte moi en privé 💰", "Concours 🎁 cadeau offert {link}",
        "Investissez 250€ et recevez 5000€ en 7 jours, témoignage vérifié 👉 {link}", "check mon profil 😘 {link}",
    ),
    "phishing": (
        "Service client officiel : cliquez ici pour récupérer votre remboursement {link}",
        "Attention le faux compte @MaisonLumiere_Offre demande vos codes de carte !",
        "Bonjour, pour valider votre colis merci de payer 1,99€ de frais ici {link}",
    ),
    "link": ("https://{shortener}/{code}", "{shortener}/{code}", "https://{scam_host}/offre", "www.{scam_host}"),
    "code": ("3xYz", "promo", "aB9kQ", "win24", "gift", "Xk2p9"),
    "safety": (
        "{product} a pris feu cette nuit", "mon fils s'est brûlé avec {a_product} de chez vous",
        "{product} a explosé dans le salon", "j'ai pris une décharge en branchant {product}",
        "la bougie a failli mettre le feu à la maison", "ma fille a fini aux urgences à cause de {a_product} ML",
    ),
    "distress": (
        "j'ai plus envie de vivre", "je vais en finir", "je suis au bout du rouleau, plus rien n'a de sens",
        "personne ne m'aide, j'en peux plus de vivre",
    ),
    "press": (
        "Bonjour, journaliste au Parisien, pouvez-vous commenter le rappel des lampes ?",
        "Journaliste pour France 3 {city}, je prépare un sujet sur vos magasins, pouvez-vous me contacter ?",
    ),
    "legal": (
        "je vous mets en demeure de me rembourser sous 8 jours", "conformément au RGPD, supprimez mes données",
        "j'ai saisi la DGCCRF", "mon avocat va vous contacter", "je porte plainte demain",
        "j'ai signalé votre site à la CNIL", "on monte une action de groupe",
    ),
    "chatter": (
        "mdr", "ptdr", "lol", "first", "premier", "+1", "up", "jpp", "grave", "trop vrai", "pareil",
        "@{handle} regarde ça", "@{handle} @{handle}", "@{handle} pour ton salon", "c'est qui le chat sur la photo ?",
        "on y va samedi ?", "@{handle} tu m'en offres une ?", "le mien est arrivé hier perso", "quelqu'un a testé ?",
        "ça me fait penser à chez ma grand-mère", "hâte de voir ça en vrai",
    ),
    "opener": ("Bonjour", "Bonsoir", "Salut", "Hello", "Coucou", "Bjr", "Allô", "Sérieux", "Franchement", "Alors"),
    "sms": ("svp", "stp", "pk", "jsp", "tkt", "bcp", "jsuis", "c", "ds", "mm"),
}

FR_TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "complaint": (
        "{order} n'est jamais arrivée, {complaint_end}",
        "ça fait {delay} que j'attends {order}, {complaint_end}",
        "{order} payée depuis {delay} et toujours rien. 3 mails au SAV zéro réponse",
        "{product} que j'ai reçu(e) {defect}, {complaint_end}",
        "{profanity} {order} est ENCORE en retard, {complaint_end}",
        "impossible de joindre le service client, {complaint_end}",
        "j'ai renvoyé {product} il y a {delay} et toujours pas remboursé",
        "on m'a livré {a_product} au lieu de {a_product}, {complaint_end}",
        "votre site plante au moment de payer, {complaint_end}",
        "40€ {product} pour cette qualité, vous abusez",
        "3e colis perdu cette année, {complaint_end}",
    ),
    "question": (
        "{question_topic}",
        "{opener}, {question_topic}",
        "{opener} {question_topic} merci d'avance",
        "petite question : {question_topic}",
        "{question_topic} {question_topic}",
    ),
    "praise": (
        "super accueil au magasin de {city}, merci !", "{product} est {praise_word} 😍",
        "merci pour le remboursement rapide", "reçu hier, {praise_word}, merci {brand}",
        "j'adore {product} que j'ai reçue",
        "{brand} vous êtes les meilleurs", "bravo à {first_name} de {city} pour son aide",
        "livraison en 48h nickel", "{product} est {praise_word}, je recommande",
    ),
    "chatter": ("{chatter}", "{chatter} {emoji}", "{emoji}", "{emoji}{emoji}", "@{handle}", "{chatter}"),
    "profanity": (
        "{profanity} encore en retard", "{profanity} c'est pas possible", "{profanity} la livraison encore décalée",
        "{profanity} {order} bloquée depuis {delay}",
    ),
    "insult": (
        "{insult_intro} {insult}", "{insult_intro} {insult} {target}", "{target} {insult_intro} {insult}",
        "t'es vraiment un {insult}, tu sers à rien", "{insult} de CM qui répond jamais", "les {insult}s du SAV",
        "{staff_at} est un gros {insult}", "ferme-la {insult}", "va te faire foutre {insult}",
        "{insult} va, {complaint_end}",
    ),
    "threat": (
        "{threat}", "{threat} {target}", "si vous me remboursez pas {threat}", "{target} {threat}",
        "{threat}, tu verras", "{reported_threat}",
    ),
    "hate": (
        "{group} {derogation}", "dégage {hate_insult}", "encore un {hate_insult} au service client",
        "un client m'a traité de {hate_insult} en caisse, c'est inadmissible",
        "arrêtez de dire que {group} {derogation}",
    ),
    "defamation": (
        "{staff_at} {accusation}", "tout le monde sait que {staff_at} {accusation}",
        "il paraît que {staff_at} {accusation}", "je dis ça je dis rien mais {staff_at} {accusation}",
        "{staff_at} {accusation}, faut que ça se sache #scandale",
    ),
    "pii": (
        "appelez-moi au {phone} pour le remboursement", "mon mail c'est {email} merci de me recontacter",
        "voici son numéro perso : {phone}, appelez-le tous", "le livreur c'est lui : {phone}",
        "écrivez à {email} il vous dira", "mon iban {iban} pour le remboursement",
        "elle habite {address}, allez lui dire ce que vous en pensez", "livrez plutôt au {address} svp",
    ),
    "spam": ("{spam}", "{spam} {emoji}", "{phishing}"),
    "crisis": ("{safety}", "{safety} {emoji}", "{safety}, {complaint_end}", "{distress}"),
    "press": ("{press}",),
    "legal": ("{legal}", "{legal}, {complaint_end}", "{opener}, {legal}"),
}

# ---------------------------------------------------------------------------------------------------
# English

EN_SLOTS: Final[dict[str, tuple[str, ...]]] = {
    "brand": ("Maison Lumière", "@MaisonLumiere", "MaisonLumiere", "ML"),
    "product": (
        "lamp", "{model} lamp", "{model} floor lamp", "{model} candle", "bedside lamp", "floor lamp", "candle",
        "scented candle", "fairy lights", "lampshade",
        "night light", "desk lamp", "mirror", "cushion", "throw", "vase", "diffuser", "bulb", "lantern",
    ),
    "order": ("my order", "my parcel", "my refund", "my delivery", "order #{ordernum}", "my mum's order"),
    "ordernum": ("100234567", "48213", "2291834", "4471209"),
    "delay": ("3 weeks", "a month", "10 days", "two weeks", "black friday", "last monday", "ages"),
    "ago": ("3 weeks ago", "a month ago", "10 days ago", "last monday", "before christmas"),
    "complaint_end": (
        "unacceptable", "worst customer service ever", "absolutely disgraceful", "so disappointed",
        "never again", "what a joke", "thanks for nothing", "sort it out", "still waiting",
    ),
    "defect": (
        "arrived broken", "stopped working after 2 days", "keeps flickering", "smells of burnt plastic",
        "never worked", "is scratched", "gets really hot", "is the wrong colour",
    ),
    "staff_role": ("the store manager", "the cashier", "the delivery guy", "the shop assistant", "the area manager"),
    "staff_at": (
        "{staff_role} in {city}", "{staff_role} at the {city} store", "{staff_role}", "{first_name} from {city}",
    ),
    "praise_word": ("gorgeous", "beautiful", "amazing", "perfect", "so cute", "stunning", "great quality"),
    "question_topic": (
        "are you open on sunday?", "is the {product} in stock?", "do you ship to Ireland?",
        "when is the sale?", "how do I return an item?", "any discount code?", "does the {product} come in white?",
        "what are the opening hours in {city}?", "can I pick it up in store?",
    ),
    "insult": (
        "idiot", "moron", "loser", "asshole", "jerk", "clown", "dumbass", "piece of shit", "bastard",
        "twat", "muppet", "scumbag", "wanker", "prick",
    ),
    "insult_intro": ("you are such a", "what a", "you're a", "bunch of", "stupid", "you absolute", "fucking"),
    "target": ("you", "the CM", "{staff_at}", "{first_name}", "@{handle}"),
    "profanity": ("wtf", "ffs", "damn", "bloody hell", "fuck", "shit"),
    "threat": (
        "I know where you live", "I'm going to kill you", "you will pay for this", "watch your back",
        "I'm going to burn your store down", "I'll smash the place up", "you're dead",
    ),
    "reported_threat": ("someone threatened to kill me in your store parking", "the driver threatened me"),
    "accusation": (
        "steals from the till", "is a fraud", "embezzled the staff fund", "harasses the shop girls",
        "takes bribes", "was fired for theft", "lies to everyone",
    ),
    "group": ("muslims", "jews", "blacks", "immigrants", "gays", "women", "trans people", "disabled people"),
    "derogation": ("are vermin", "are parasites", "should go back home", "are all thieves", "are subhuman"),
    "hate_insult": ("fag", "f4ggot", "tranny", "retard"),
    "phone": ("+44 7700 900123", "07700 900456", "+33 6 39 98 12 34", "020 7946 0018"),
    "email": ("{handle}@{domain}", "{first_lower}.{last_lower}@{domain}"),
    "address": ("12 Baker Street, {city}", "4 Queen's Road {city}"),
    "iban": ("GB29 NWBK 6016 1331 9268 19",),
    "spam": (
        "WIN a free iPhone 🎁 click here {link}", "I make $500 a day trading crypto, dm me",
        "free gift for you {link}", "follow me I follow back ✨ f4f", "check my profile 😘 {link}",
        "invest $250 get $5000 in 7 days 👉 {link}",
    ),
    "phishing": (
        "Official support: click here to get your refund {link}",
        "a fake account pretending to be you asked for my password",
    ),
    "link": ("https://{shortener}/{code}", "{shortener}/{code}", "https://{scam_host}/offer"),
    "code": ("3xYz", "promo", "aB9kQ", "win24", "gift"),
    "safety": (
        "my kid got burned by your {product}", "the {product} caught fire last night",
        "the {product} exploded in the living room", "got an electric shock from the {product}",
    ),
    "distress": ("honestly I want to end it all", "I don't want to live anymore"),
    "press": ("Reporter at The Guardian here, could you comment on the recall?",),
    "legal": (
        "please delete my data, this is a GDPR request", "my lawyer will be in touch",
        "I'm reporting you to trading standards", "this is a formal notice",
    ),
    "chatter": (
        "lol", "lmao", "first", "same", "+1", "this", "omg", "@{handle} look", "@{handle} @{handle}",
        "@{handle} for your living room", "who else is here from tiktok", "mine came yesterday",
    ),
    "opener": ("Hi", "Hello", "Hey", "Hiya", "Seriously", "Honestly"),
    "sms": ("pls", "u", "ur", "thx", "tbh", "idk", "rn"),
}

EN_TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "complaint": (
        "{order} never arrived, {complaint_end}", "been waiting {delay} for {order}, {complaint_end}",
        "the {product} {defect}, {complaint_end}", "{profanity} {order} is late AGAIN",
        "can't reach customer service, {complaint_end}", "sent the {product} back {ago}, still no refund",
    ),
    "question": ("{question_topic}", "{opener}, {question_topic}", "quick question: {question_topic}"),
    "praise": (
        "love my new {product}, thank you", "the {product} is {praise_word} 😍", "great service at the {city} store",
        "{brand} you're the best", "arrived in 2 days, {praise_word}",
    ),
    "chatter": ("{chatter}", "{chatter} {emoji}", "{emoji}", "@{handle}"),
    "profanity": ("{profanity} late again", "{profanity} {order} stuck for {delay}"),
    "insult": (
        "{insult_intro} {insult}", "{insult_intro} {insult} {target}", "{target} {insult_intro} {insult}",
        "you are such a {insult} lol", "{staff_at} is a total {insult}", "shut up {insult}",
    ),
    "threat": ("{threat}", "{threat} {target}", "refund me or {threat}", "{reported_threat}"),
    "hate": ("{group} {derogation}", "go home {hate_insult}", "another {hate_insult} giving their opinion"),
    "defamation": (
        "{staff_at} {accusation}", "everyone knows {staff_at} {accusation}", "rumour says {staff_at} {accusation}",
    ),
    "pii": (
        "call me on {phone} about the refund", "my email is {email}, please get back to me",
        "his number is {phone}, everyone call him", "she lives at {address}, go tell her",
    ),
    "spam": ("{spam}", "{phishing}"),
    "crisis": ("{safety}", "{safety}, {complaint_end}", "{distress}"),
    "press": ("{press}",),
    "legal": ("{legal}", "{legal}, {complaint_end}"),
}

SLOTS: Final = {"fr": FR_SLOTS, "en": EN_SLOTS}
TEMPLATES: Final = {"fr": FR_TEMPLATES, "en": EN_TEMPLATES}

# Share of each category in the corpus. Brand pages are mostly benign: complaints, questions,
# praise and chatter make up about three quarters; abuse, personal data and scams the rest (the
# shares follow what moderation teams report for consumer brands; crises are rare but must be seen).
CATEGORY_SHARES: Final[dict[str, float]] = {
    "complaint": 0.22,
    "question": 0.15,
    "praise": 0.14,
    "chatter": 0.15,
    "profanity": 0.05,
    "insult": 0.08,
    "threat": 0.02,
    "hate": 0.015,
    "defamation": 0.03,
    "pii": 0.03,
    "spam": 0.06,
    "crisis": 0.015,
    "press": 0.005,
    "legal": 0.015,
}

# Free-standing sentences that lengthen a message (the long tail of rants and stories).
FILLERS: Final[dict[str, tuple[str, ...]]] = {
    "fr": (
        "J'ai appelé trois fois, on m'a raccroché au nez.", "Le suivi indique livré mais j'ai rien reçu.",
        "C'était un cadeau pour l'anniversaire de ma fille.", "Je suis cliente depuis 10 ans.",
        "Le magasin m'a dit de voir avec le site, et le site avec le magasin.",
        "J'ai envoyé les photos par mail comme demandé.", "Personne ne répond au chat.",
        "En plus la boîte était ouverte.", "Bref, je ne sais plus quoi faire.",
        "Je précise que j'ai payé la livraison express.", "Ma voisine a eu le même problème.",
        "Votre politique de retour est un parcours du combattant.",
        "Pourtant d'habitude je suis contente de vos produits.", "Et le pire c'est que personne ne s'excuse.",
        "Je partage pour que d'autres fassent attention.", "Vous avez mon numéro de commande dans mes messages.",
        "On m'a promis un rappel sous 48h, rien.", "Le livreur a laissé le colis devant la porte sous la pluie.",
        "J'ai dû poser une demi-journée pour rien.", "Le formulaire de contact renvoie une erreur.",
        "Au téléphone on m'a dit que c'était normal.", "Mon mari a vu la même chose sur Google.",
        "Je ne suis pas la seule à en juger par les commentaires.", "Je demande juste un geste commercial.",
        "La facture indique un autre montant.", "J'ai 3 enfants et pas que ça à faire.",
        "Je vous laisse jusqu'à vendredi.", "J'ai fait des captures d'écran de tout.",
        "Le site dit en stock mais le magasin dit rupture.", "C'est pas la première fois en plus.",
        "Merci de me répondre en privé.", "Sinon les produits sont beaux, dommage pour le service.",
    ),
    "en": (
        "Called three times, they hung up on me.", "Tracking says delivered but nothing here.",
        "It was a birthday present for my daughter.", "I've been a customer for 10 years.",
        "Sent the photos by email as asked.", "Nobody answers the chat.", "The box was open too.",
        "Honestly don't know what to do anymore.", "I paid for express delivery.",
        "My neighbour had the same issue.", "Was promised a call back within 48h, nothing.",
        "The courier left it outside in the rain.", "The contact form just throws an error.",
        "Not the first time either.", "I've got screenshots of everything.", "The invoice shows a different amount.",
        "Website says in stock, the shop says sold out.",
        "Please DM me.", "Products are nice, shame about the service.",
        "Took a day off work for nothing.",
    ),
}
