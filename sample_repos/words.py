"""Neutral words for names that reveal nothing about services."""

ADJECTIVES = (
    "amber", "ancient", "azure", "bold", "brave", "bright", "calm", "clever", "cold", "cosmic",
    "crisp", "curly", "dapper", "deep", "dusty", "eager", "early", "fancy", "fast", "fierce",
    "fluffy", "gentle", "giant", "glad", "golden", "grand", "green", "happy", "hidden", "humble",
    "icy", "jolly", "keen", "kind", "late", "lazy", "little", "lively", "lucky", "mellow",
    "misty", "modest", "noble", "odd", "pale", "plain", "polite", "proud", "quick", "quiet",
    "rapid", "rare", "red", "rough", "round", "rusty", "shiny", "silent", "silver", "simple",
    "sleepy", "slow", "smooth", "snowy", "solid", "spicy", "steady", "stormy", "sunny", "swift",
    "tall", "tidy", "tiny", "vast", "vivid", "warm", "wild", "wise", "young", "zesty",
)
NOUNS = (
    "acorn", "badger", "beacon", "berry", "bison", "breeze", "brook", "canyon", "cedar", "cliff",
    "cloud", "comet", "coral", "crane", "creek", "dawn", "dingo", "dune", "eagle", "ember",
    "falcon", "fern", "field", "finch", "fjord", "flame", "forest", "fox", "galaxy", "garden",
    "glacier", "grove", "harbor", "hawk", "heron", "hill", "island", "jaguar", "lagoon", "lake",
    "lantern", "leaf", "lynx", "maple", "meadow", "meteor", "mole", "moon", "moss", "nebula",
    "oak", "ocean", "orbit", "otter", "owl", "panda", "pebble", "pine", "planet", "pond",
    "prairie", "quartz", "rain", "raven", "reef", "ridge", "river", "robin", "sand", "shadow",
    "shore", "sky", "sparrow", "spring", "star", "stone", "storm", "summit", "thunder", "tiger",
    "trail", "valley", "violet", "wave", "willow", "wind", "wolf", "wren", "yak", "zephyr",
)
FOLDERS = (
    "alder", "aspen", "basalt", "birch", "chalk", "cobalt", "copper", "elm", "flint", "garnet",
    "granite", "hazel", "iron", "jade", "juniper", "larch", "linden", "marble", "nickel", "onyx",
    "opal", "poplar", "rowan", "ruby", "sage", "slate", "spruce", "teak", "topaz", "yew",
)
KERNEL = (
    "anchor", "compass", "keystone", "ledger_base", "lattice", "prism", "quill", "rivet",
    "spindle", "tether", "toolkit", "tally", "vessel", "weave", "yardstick", "beam", "clasp",
    "hinge", "pivot", "socket",
)
SERVICES = (
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
)
FIRST_NAMES = (
    "Ada", "Bruno", "Carla", "Deepa", "Elif", "Felix", "Grace", "Hiro", "Ines", "Jonas", "Kemal",
    "Lena", "Marta", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Viktor",
    "Wanda", "Ximena", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Adler", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova",
    "Jensen", "Kaur", "Lopez", "Mensah", "Novak", "Okafor", "Petrov", "Quispe", "Rossi", "Silva",
    "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zielinski",
)
