"""The trades of the skill catalogue: (slug, English name, Hindi name, other spellings).

Data only; `rozgar_core.model.skills` builds the catalogue and its lookups from these rows.
Profiles store the slug: rename a trade or add spellings freely, but never change a slug.
"""
from __future__ import annotations

CatalogueRow = tuple[str, str, str, tuple[str, ...]]

CATALOGUE_ROWS: tuple[CatalogueRow, ...] = (
    ("plumber", "Plumber", "प्लंबर", (
        "plumbing", "pipe fitter", "plumbar", "nal mistri", "nalsaaz", "नल मिस्त्री",
    )),
    ("electrician", "Electrician", "इलेक्ट्रीशियन", (
        "bijli mistri", "wireman", "electric", "electrical", "house wiring", "बिजली मिस्त्री",
        "इलेक्ट्रिशियन",
    )),
    ("carpenter", "Carpenter", "बढ़ई", (
        "badhai", "barhai", "suthar", "woodwork", "furniture maker", "कारपेंटर",
    )),
    ("mason", "Mason", "राजमिस्त्री", (
        "raj mistri", "राज मिस्त्री", "bricklayer", "brick work", "chinai", "plaster work", "चिनाई",
    )),
    ("painter", "Painter", "पेंटर", (
        "house painter", "wall painter", "painting", "rangai putai", "putai", "rang rogan",
        "rangsaz", "रंगसाज़", "रंगाई पुताई",
    )),
    ("welder", "Welder", "वेल्डर", ("welding", "gas welder", "arc welder", "वेल्डिंग")),
    ("driver", "Driver", "ड्राइवर", (
        "car driver", "chauffeur", "truck driver", "tempo driver", "chalak", "चालक",
    )),
    ("cook", "Cook", "रसोइया", (
        "chef", "bawarchi", "khansama", "maharaj", "kitchen cook", "कुक", "बावर्ची",
        "खाना बनाने वाला",
    )),
    ("house-help", "House Help / Maid", "घरेलू कामगार", (
        "housemaid", "bai", "kaamwali", "kamwali bai", "domestic help", "domestic worker",
        "कामवाली बाई", "मेड",
    )),
    ("cleaner", "Cleaner", "सफ़ाई कर्मचारी", (
        "cleaning", "housekeeping", "sweeper", "safai", "safai karmachari", "janitor",
        "deep cleaning", "jhadu pocha", "झाड़ू पोछा", "सफ़ाई",
    )),
    ("security-guard", "Security Guard", "सुरक्षा गार्ड", (
        "guard", "security", "security man", "bouncer", "सिक्योरिटी गार्ड",
    )),
    ("watchman", "Watchman", "चौकीदार", (
        "chowkidar", "chaukidar", "darban", "gatekeeper", "night watchman", "दरबान",
    )),
    ("gardener", "Gardener", "माली", (
        "mali", "maali", "gardening", "landscaping", "lawn care", "बागवान",
    )),
    ("labourer", "Labourer / Helper", "मज़दूर", (
        "labour", "laborer", "labor", "mazdoor", "majdoor", "beldar", "daily wage worker",
        "general labour", "हेल्पर", "बेलदार",
    )),
    ("construction-worker", "Construction Worker", "निर्माण मज़दूर", (
        "construction", "construction labour", "construction helper", "site worker",
        "building worker", "निर्माण कार्य",
    )),
    ("tile-fitter", "Tile Fitter", "टाइल मिस्त्री", (
        "tile", "tiles", "tile mistri", "tile layer", "tiling", "flooring", "टाइल्स",
    )),
    ("marble-polisher", "Marble Polisher", "मार्बल घिसाई", (
        "marble polish", "floor polishing", "granite polishing", "ghisai", "मार्बल पॉलिश",
    )),
    ("bar-bender", "Bar Bender", "सरिया मिस्त्री", (
        "steel fixer", "rebar", "saria", "sariya", "saria mistri", "bar binder", "सरिया",
        "बार बेंडर",
    )),
    ("shuttering-carpenter", "Shuttering Carpenter", "शटरिंग मिस्त्री", (
        "shuttering", "centering", "centring", "formwork", "formwork carpenter", "शटरिंग",
    )),
    ("fabricator", "Fabricator", "फ़ैब्रिकेटर", (
        "fabrication", "steel fabricator", "grill work", "gate grill", "grill mistri",
        "ग्रिल मिस्त्री",
    )),
    ("blacksmith", "Blacksmith", "लोहार", ("lohar", "ironsmith")),
    ("false-ceiling", "POP / False Ceiling", "फ़ॉल्स सीलिंग", (
        "pop work", "pop mistri", "plaster of paris", "gypsum ceiling", "पीओपी",
    )),
    ("waterproofing", "Waterproofing", "वॉटरप्रूफ़िंग", (
        "waterproof", "leakage repair", "seepage repair", "roof waterproofing", "damp proofing",
        "लीकेज",
    )),
    ("pest-control", "Pest Control", "कीट नियंत्रण", (
        "pest", "termite control", "fumigation", "cockroach control", "पेस्ट कंट्रोल",
    )),
    ("ac-technician", "AC Technician", "एसी मैकेनिक", (
        "ac", "ac repair", "ac mechanic", "ac service", "air conditioner repair", "hvac",
        "एसी टेक्नीशियन", "एसी",
    )),
    ("refrigerator-repair", "Refrigerator Repair", "फ़्रिज मरम्मत", (
        "fridge", "fridge repair", "fridge mechanic", "refrigeration", "फ़्रिज रिपेयर",
    )),
    ("washing-machine-repair", "Washing Machine Repair", "वॉशिंग मशीन मरम्मत", (
        "washing machine", "washing machine mechanic", "washing machine technician",
        "वॉशिंग मशीन रिपेयर",
    )),
    ("ro-technician", "RO Technician", "आरओ मैकेनिक", (
        "ro", "ro repair", "ro service", "water purifier", "water purifier repair", "water filter",
        "आरओ",
    )),
    ("cctv-technician", "CCTV Technician", "सीसीटीवी टेक्नीशियन", (
        "cctv", "cctv installation", "camera installation", "security camera", "सीसीटीवी",
    )),
    ("computer-repair", "Computer Repair", "कंप्यूटर मरम्मत", (
        "computer technician", "computer mechanic", "laptop repair", "pc repair",
        "hardware engineer", "कंप्यूटर रिपेयर",
    )),
    ("mobile-repair", "Mobile Repair", "मोबाइल मरम्मत", (
        "mobile technician", "mobile mechanic", "phone repair", "cell phone repair",
        "smartphone repair", "मोबाइल रिपेयर",
    )),
    ("mechanic", "Mechanic", "मैकेनिक", (
        "motor mechanic", "car mechanic", "bike mechanic", "auto mechanic", "two wheeler mechanic",
        "garage", "मोटर मैकेनिक",
    )),
    ("tailor", "Tailor", "दर्ज़ी", (
        "darzi", "darji", "silai", "stitching", "sewing", "टेलर", "सिलाई",
    )),
    ("beautician", "Beautician", "ब्यूटीशियन", (
        "beauty parlour", "parlour", "makeup artist", "makeup", "bridal makeup", "ब्यूटी पार्लर",
    )),
    ("mehndi-artist", "Mehndi Artist", "मेहंदी कलाकार", ("mehndi", "mehandi", "henna", "मेहंदी")),
    ("barber", "Barber", "नाई", (
        "nai", "haircut", "hair cutting", "hairdresser", "salon", "hajjam", "हज्जाम",
    )),
    ("babysitter", "Babysitter / Nanny", "आया", (
        "aaya", "aya", "child care", "baby care", "japa maid", "बेबीसिटर",
    )),
    ("elder-care", "Elder Care / Caretaker", "बुज़ुर्ग देखभाल", (
        "patient care", "attendant", "home nurse", "old age care", "ward boy", "केयरटेकर",
    )),
    ("delivery", "Delivery Person", "डिलीवरी बॉय", (
        "delivery boy", "delivery partner", "delivery executive", "courier", "rider", "डिलीवरी",
    )),
    ("loader", "Loader", "पल्लेदार", (
        "hamal", "hammal", "palledar", "coolie", "kuli", "porter", "loading unloading", "हमाल",
        "कुली", "लोडर",
    )),
    ("packers-movers", "Packers and Movers", "पैकर्स एंड मूवर्स", (
        "packers", "movers", "packing", "house shifting", "shifting", "relocation",
    )),
    ("furniture-assembly", "Furniture Assembly", "फ़र्नीचर फ़िटिंग", (
        "furniture fitting", "furniture installation", "modular furniture", "furniture assembler",
    )),
    ("event-helper", "Event Helper", "इवेंट हेल्पर", (
        "event staff", "tent house", "tent worker", "decoration helper", "decorator", "टेंट हाउस",
    )),
    ("waiter", "Waiter", "वेटर", (
        "server", "steward", "serving staff", "catering staff", "catering boy",
    )),
    ("dishwasher", "Dishwasher", "बर्तन धोने वाला", (
        "dish washer", "utensil cleaning", "bartan", "bartan wala", "kitchen helper", "बर्तन",
    )),
    ("laundry", "Laundry / Dhobi", "धोबी", (
        "washerman", "ironing", "press wala", "istri", "istriwala", "प्रेस वाला",
    )),
    ("office-boy", "Office Boy / Peon", "चपरासी", (
        "chaprasi", "pyun", "office assistant", "office helper",
    )),
    ("farm-worker", "Farm Worker", "खेतिहर मज़दूर", (
        "farm labour", "agricultural labour", "khet mazdoor", "harvesting", "खेत मज़दूर",
    )),
    ("car-cleaner", "Car Cleaner", "गाड़ी धोने वाला", (
        "car wash", "car washer", "car cleaning", "gaadi saaf", "गाड़ी सफ़ाई",
    )),
)
