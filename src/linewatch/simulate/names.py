"""Invented name material: forenames with their short forms, surnames, street names, street
nicknames, line brands, operation names and number plates. No real person is described."""

from __future__ import annotations

import numpy as np

# Formal forename -> informal forms people are known by (Jayden is "Jay").
MALE_FORENAMES: dict[str, tuple[str, ...]] = {
    "Jayden": ("Jay",), "Joshua": ("Josh",), "Michael": ("Mike", "Mikey"),
    "Daniel": ("Dan", "Danny"), "Thomas": ("Tom", "Tommy"), "Christopher": ("Chris",),
    "Matthew": ("Matt",), "Anthony": ("Tony", "Ant"), "Jonathan": ("Jon",),
    "Nathaniel": ("Nate", "Nat"), "Benjamin": ("Ben",), "Alexander": ("Alex",),
    "Samuel": ("Sam",), "Robert": ("Rob", "Bobby"), "William": ("Will", "Billy"),
    "Joseph": ("Joe",), "Nicholas": ("Nick",), "Kwame": (), "Tyrese": ("Ty",),
    "Mohammed": ("Mo",), "Oluwaseun": ("Seun",), "Ayodele": ("Ayo",), "Kofi": (),
    "Jamal": (), "Reece": (), "Kai": (), "Callum": ("Cal",), "Liam": (), "Connor": (),
    "Mason": (), "Harvey": (), "Aaron": (), "Leon": (), "Dwayne": (), "Marcus": (),
    "Curtis": (), "Jordan": (), "Kieran": (), "Tyler": (), "Ryan": (), "Dylan": (),
    "Ethan": (), "Lewis": (), "Jack": (), "Harry": (), "George": (), "Oliver": ("Ollie",),
    "Frederick": ("Fred", "Freddie"), "Abdullahi": ("Abdi",), "Emmanuel": ("Manny",),
    "Isaac": (), "Zain": (), "Ibrahim": (), "Adam": (), "Rhys": (), "Gareth": (),
}
FEMALE_FORENAMES: dict[str, tuple[str, ...]] = {
    "Jessica": ("Jess",), "Rebecca": ("Becky", "Becca"), "Samantha": ("Sam",),
    "Elizabeth": ("Liz", "Beth"), "Victoria": ("Vicky", "Tori"), "Katherine": ("Kate", "Katie"),
    "Jennifer": ("Jen", "Jenny"), "Natasha": ("Tash",), "Abigail": ("Abi", "Abby"),
    "Charlotte": ("Charlie",), "Danielle": ("Dani",), "Amelia": ("Millie",),
    "Olivia": ("Liv",), "Emily": (), "Chloe": (), "Sophie": (), "Megan": (), "Leah": (),
    "Amira": (), "Aaliyah": (), "Precious": (), "Chantelle": (), "Kerry": (), "Tracey": (),
    "Sharon": (), "Michelle": (), "Lisa": (), "Donna": (), "Nicola": ("Nicky",),
    "Stephanie": ("Steph",), "Patricia": ("Pat", "Trish"), "Margaret": ("Maggie",),
    "Fatima": (), "Aisha": (), "Grace": (), "Ruby": (), "Keisha": (), "Shannon": (),
    "Jade": (), "Zoe": (), "Holly": (), "Georgia": (), "Bethany": ("Beth",),
}
SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
    "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Foster",
    "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
    "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Graham",
    "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart",
    "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Brooks", "West",
    "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton",
    "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong",
    "Francis", "Rees", "Hayes", "Hardy", "Lane", "Mensah", "Owusu", "Adeyemi", "Okafor",
    "Boateng", "Asante", "Mohamed", "Osei", "Nwosu", "Agyeman", "Hamilton", "McDonald",
    "Doherty", "O'Neill", "Quinn", "Byrne", "MacKenzie", "Da Silva", "Kowalski", "Nowak",
)
STREET_STEMS: tuple[str, ...] = (
    "Albion", "Alder", "Ash", "Beech", "Birch", "Castle", "Chapel", "Church", "Clarence",
    "Coronation", "Cromwell", "Elm", "Fairfield", "George", "Gladstone", "Grange", "Grove",
    "Hawthorn", "High", "Highfield", "Holly", "Kings", "Laburnum", "Linden", "Manor", "Maple",
    "Marlborough", "Meadow", "Mill", "Nelson", "Oak", "Orchard", "Park", "Princes", "Queens",
    "Railway", "Rectory", "Richmond", "Rose", "St Johns", "Station", "Stanley", "Tennyson",
    "Trinity", "Victoria", "Warwick", "Wellington", "Westfield", "Willow", "Windsor", "York",
    "Abbey", "Balmoral", "Brook", "Cedar", "Chestnut", "Dover", "Fern", "Foxglove", "Garden",
    "Heron", "Jubilee", "Kestrel", "Lime", "Lombard", "Mayfield", "Newton", "Osborne",
    "Poplar", "Priory", "Rowan", "Sandringham", "Shelley", "Spencer", "Sycamore", "Thistle",
    "Vicarage", "Waterloo", "Wharf", "Whitehall", "Wordsworth", "Yew", "Keats", "Milton",
)
STREET_KINDS: tuple[str, ...] = (
    "Road", "Road", "Road", "Street", "Street", "Avenue", "Close", "Court", "Gardens", "Lane",
    "Drive", "Crescent", "Way", "Terrace", "Place", "Walk", "Rise", "Grove", "Mews",
)
STREET_NICKNAMES: tuple[str, ...] = (
    "Blade", "Trapz", "Smokey", "Lil J", "K-Dot", "Skengz", "Milli", "Zeus", "Tiny", "Ghost",
    "Snoop", "Rico", "Nines", "Drillz", "Kash", "Sav", "Biggz", "Dee", "Tee", "Sly",
    "Scrappy", "Spider", "Ace", "Chops", "Razor", "Flex", "Swerve", "Reaper", "Yungz", "Melo",
    "Juice", "Blitz", "Nitro", "Stacks", "Bugsy", "Tank", "Chunks", "Shifty", "Nuts", "Rocco",
    "Trigz", "Ramz", "Jiggz", "Benz", "Dreams", "Taz", "Boogie", "Skinny", "Lurch", "Stormz",
    "Bandz", "Gunna", "Pacey", "Digga", "Kilo", "Slim", "Mowgli", "Prince", "Diesel", "Vex",
)
LINE_BRANDS: tuple[str, ...] = (
    "Tony", "Deez", "Ricky", "Snow", "Bravo", "Rambo", "Gucci", "Kenzo", "Marley", "Frosty",
    "Mitch", "Dior", "Sonic", "Whitey", "Bossman", "Nando", "Ozzy", "Chico", "Remy", "Kobe",
    "Skittles", "Tiger", "Zanzi", "Duke", "Bruno", "Vinnie", "Joker", "Mango", "Benji",
    "Lucky", "Casper", "Ollie", "Sparks", "Fendi", "Monty", "Dexter", "Blue", "Coco", "Bingo",
    "Rocket", "Panda", "Sully", "Jimmy", "Kiwi", "Taxi", "Popeye", "Noodle", "Fizz", "Krispy",
)
OPERATION_WORDS: tuple[str, ...] = (
    "Heron", "Lantern", "Bluestone", "Kestrel", "Granite", "Harbour", "Ember", "Tern",
    "Copperbeech", "Northgate", "Saltmarsh", "Fenwick", "Larchwood", "Drumline", "Mistral",
    "Quarry", "Whitecliff", "Sandpiper", "Ironbridge", "Cobalt", "Hollyhock", "Redshank",
)
_PLATE_MEMORY = "ABCDEFGHJKLMNOPRSTUVWXY"
_PLATE_RANDOM = "ABCDEFGHJKLMNOPRSTUVWXYZ"
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def forename_forms(forename: str) -> tuple[str, ...]:
    """The informal forms of a formal forename (may be empty)."""
    return MALE_FORENAMES.get(forename) or FEMALE_FORENAMES.get(forename) or ()


def plate(rng: np.random.Generator) -> str:
    """A GB current-format number plate, e.g. ``AB19 CDE`` (age identifier 51..74 or 09..24)."""
    memory = _PLATE_MEMORY[int(rng.integers(len(_PLATE_MEMORY)))] + \
        _PLATE_MEMORY[int(rng.integers(len(_PLATE_MEMORY)))]
    year = int(rng.integers(9, 25))
    age = year + 50 if rng.random() < 0.5 else year
    tail = "".join(_PLATE_RANDOM[int(i)] for i in rng.integers(len(_PLATE_RANDOM), size=3))
    return f"{memory}{age:02d} {tail}"


def inward_code(rng: np.random.Generator) -> str:
    """An invented inward postcode, e.g. ``4QX``."""
    letters = rng.integers(len(_INWARD_LETTERS), size=2)
    return f"{int(rng.integers(10))}{_INWARD_LETTERS[int(letters[0])]}{_INWARD_LETTERS[int(letters[1])]}"


def operation_name(rng: np.random.Generator) -> str:
    return "Operation " + OPERATION_WORDS[int(rng.integers(len(OPERATION_WORDS)))]
