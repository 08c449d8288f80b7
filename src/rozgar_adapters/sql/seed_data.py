"""Data of the demo seeder: Indian cities (centre, state, main PIN code, metro population in
millions), common first names and surnames, and how common each trade is."""
from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    name: str
    latitude: float
    longitude: float
    state: str
    pincode: str
    population_millions: float


CITIES: tuple[City, ...] = (
    City("Delhi", 28.6139, 77.2090, "Delhi", "110001", 32.9),
    City("Mumbai", 19.0760, 72.8777, "Maharashtra", "400001", 20.7),
    City("Kolkata", 22.5726, 88.3639, "West Bengal", "700001", 15.3),
    City("Bengaluru", 12.9716, 77.5946, "Karnataka", "560001", 13.6),
    City("Chennai", 13.0827, 80.2707, "Tamil Nadu", "600001", 11.8),
    City("Hyderabad", 17.3850, 78.4867, "Telangana", "500001", 10.8),
    City("Ahmedabad", 23.0225, 72.5714, "Gujarat", "380001", 8.7),
    City("Surat", 21.1702, 72.8311, "Gujarat", "395003", 8.1),
    City("Pune", 18.5204, 73.8567, "Maharashtra", "411001", 7.2),
    City("Jaipur", 26.9124, 75.7873, "Rajasthan", "302001", 4.2),
    City("Lucknow", 26.8467, 80.9462, "Uttar Pradesh", "226001", 3.9),
    City("Indore", 22.7196, 75.8577, "Madhya Pradesh", "452001", 3.3),
    City("Kanpur", 26.4499, 80.3319, "Uttar Pradesh", "208001", 3.2),
    City("Nagpur", 21.1458, 79.0882, "Maharashtra", "440001", 3.0),
    City("Coimbatore", 11.0168, 76.9558, "Tamil Nadu", "641001", 2.9),
    City("Patna", 25.5941, 85.1376, "Bihar", "800001", 2.6),
    City("Thane", 19.2183, 72.9781, "Maharashtra", "400601", 2.5),
    City("Bhopal", 23.2599, 77.4126, "Madhya Pradesh", "462001", 2.5),
    City("Ghaziabad", 28.6692, 77.4538, "Uttar Pradesh", "201001", 2.4),
    City("Visakhapatnam", 17.6868, 83.2185, "Andhra Pradesh", "530001", 2.3),
    City("Vadodara", 22.3072, 73.1812, "Gujarat", "390001", 2.3),
    City("Kochi", 9.9312, 76.2673, "Kerala", "682001", 2.3),
    City("Nashik", 19.9975, 73.7898, "Maharashtra", "422001", 2.1),
    City("Ludhiana", 30.9010, 75.8573, "Punjab", "141001", 2.0),
    City("Agra", 27.1767, 78.0081, "Uttar Pradesh", "282001", 2.0),
    City("Rajkot", 22.3039, 70.8022, "Gujarat", "360001", 2.0),
    City("Faridabad", 28.4089, 77.3178, "Haryana", "121001", 1.9),
    City("Meerut", 28.9845, 77.7064, "Uttar Pradesh", "250001", 1.7),
    City("Varanasi", 25.3176, 82.9739, "Uttar Pradesh", "221001", 1.7),
    City("Madurai", 9.9252, 78.1198, "Tamil Nadu", "625001", 1.6),
    City("Srinagar", 34.0837, 74.7973, "Jammu and Kashmir", "190001", 1.6),
    City("Aurangabad", 19.8762, 75.3433, "Maharashtra", "431001", 1.5),
    City("Ranchi", 23.3441, 85.3096, "Jharkhand", "834001", 1.5),
    City("Vijayawada", 16.5062, 80.6480, "Andhra Pradesh", "520001", 1.5),
    City("Jodhpur", 26.2389, 73.0243, "Rajasthan", "342001", 1.4),
    City("Amritsar", 31.6340, 74.8723, "Punjab", "143001", 1.4),
    City("Dhanbad", 23.7957, 86.4304, "Jharkhand", "826001", 1.4),
    City("Raipur", 21.2514, 81.6296, "Chhattisgarh", "492001", 1.2),
    City("Gwalior", 26.2183, 78.1828, "Madhya Pradesh", "474001", 1.2),
    City("Guwahati", 26.1445, 91.7362, "Assam", "781001", 1.2),
    City("Chandigarh", 30.7333, 76.7794, "Chandigarh", "160017", 1.2),
    City("Bhubaneswar", 20.2961, 85.8245, "Odisha", "751001", 1.1),
    City("Mysuru", 12.2958, 76.6394, "Karnataka", "570001", 1.1),
    City("Thiruvananthapuram", 8.5241, 76.9366, "Kerala", "695001", 1.0),
    City("Dehradun", 30.3165, 78.0322, "Uttarakhand", "248001", 0.9),
)

FIRST_NAMES: tuple[str, ...] = (
    "Ramesh", "Suresh", "Mahesh", "Rajesh", "Mukesh", "Dinesh", "Ganesh", "Rakesh", "Anil", "Sunil",
    "Vijay", "Ajay", "Sanjay", "Manoj", "Pankaj", "Deepak", "Ravi", "Raju", "Santosh", "Prakash",
    "Ashok", "Arjun", "Amit", "Rahul", "Rohit", "Vikas", "Sachin", "Naveen", "Imran", "Salim",
    "Irfan", "Mohammed", "Abdul", "Harpreet", "Gurpreet", "Joseph", "Thomas", "Murugan", "Senthil",
    "Venkatesh", "Srinivas", "Lakshman", "Gopal", "Krishna", "Shankar", "Bablu", "Pappu", "Sonu",
    "Sunita", "Anita", "Geeta", "Seema", "Rekha", "Pooja", "Priya", "Lakshmi", "Kavita", "Meena",
    "Savita", "Asha", "Usha", "Radha", "Fatima", "Shabana", "Parveen", "Mary", "Selvi", "Kamala",
)

LAST_NAMES: tuple[str, ...] = (
    "Kumar", "Singh", "Sharma", "Verma", "Yadav", "Gupta", "Patel", "Shah", "Mishra", "Tiwari",
    "Pandey", "Chauhan", "Rathod", "Jadhav", "Pawar", "Shinde", "Patil", "More", "Gaikwad", "Khan",
    "Sheikh", "Ansari", "Qureshi", "Das", "Ghosh", "Mondal", "Roy", "Reddy", "Rao", "Naidu",
    "Nair", "Pillai", "Menon", "Iyer", "Gowda", "Shetty", "Murugan", "Pillay", "Gill", "Sandhu",
    "Meena", "Jat", "Saini", "Prajapati", "Vishwakarma", "Kushwaha", "Paswan", "Mahato", "Behera",
)

# Relative frequency of each trade among labours; unlisted catalogue trades weigh 1.
TRADE_WEIGHTS: dict[str, int] = {
    "labourer": 14, "construction-worker": 12, "mason": 10, "painter": 9, "plumber": 9,
    "electrician": 9, "carpenter": 8, "driver": 8, "house-help": 7, "cleaner": 6, "security-guard": 6,
    "cook": 5, "loader": 5, "delivery": 5, "tile-fitter": 4, "welder": 4, "mechanic": 4,
    "watchman": 3, "gardener": 3, "ac-technician": 3, "tailor": 3, "bar-bender": 2,
    "shuttering-carpenter": 2, "fabricator": 2, "farm-worker": 2, "waiter": 2, "babysitter": 2,
}

LABOUR_TYPE_WEIGHTS: dict[str, int] = {
    "daily": 40, "contract": 18, "fullTime": 15, "partTime": 12, "monthly": 10, "freelance": 5,
}

BIOS: tuple[str, ...] = (
    "Reliable and on time.", "Available for small and large jobs.", "Work done neatly, fair rates.",
    "Many years of site experience.", "Own tools.", "Can start the same day.",
)
