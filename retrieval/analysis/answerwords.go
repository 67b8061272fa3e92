package analysis

// The word tables of answer typing. They hold general English (question words, function
// words, nouns that name a kind of answer, the markers of names, dates and causes), written
// from grammar and common usage, never from evaluation questions or their answers.

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var whWords = wordSet("what", "which", "who", "whom", "whose", "when", "where", "why", "how")

// auxiliaries open a yes/no question ("did ...", "is there ...", "can ...").
var auxiliaries = wordSet("is", "are", "was", "were", "am", "do", "does", "did", "has", "have", "had",
	"can", "could", "will", "would", "shall", "should", "may", "might", "must",
	"isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "hasn't", "haven't",
	"hadn't", "can't", "couldn't", "won't", "wouldn't", "shouldn't", "isnt", "arent", "wasnt",
	"werent", "dont", "doesnt", "didnt", "hasnt", "havent", "cant", "couldnt", "wont", "wouldnt")

var determiners = wordSet("the", "a", "an", "this", "that", "these", "those", "his", "her", "its",
	"their", "our", "your", "my", "some", "any", "each", "every", "other", "another", "main",
	"first", "last", "exact", "specific", "particular", "approximate", "total", "current")

var prepositions = wordSet("of", "in", "on", "at", "by", "for", "from", "to", "with", "about",
	"into", "during", "after", "before", "between", "against", "under", "over", "through",
	"according", "than", "as")

// pronouns as the subject of "what is" point to a thing named elsewhere.
var pronouns = wordSet("it", "this", "that", "they", "he", "she", "them", "him", "her", "these", "those")

// kindWords stand between "what" and the noun that names the kind: "what kind of music".
var kindWords = wordSet("kind", "kinds", "type", "types", "sort", "sorts", "form", "forms")

var cardinals = wordSet("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "several", "few", "both")

// contractions typed with or without the apostrophe.
var contractions = map[string][]string{
	"whats": {"what", "is"}, "what's": {"what", "is"}, "wats": {"what", "is"}, "wat": {"what"},
	"whos": {"who", "is"}, "who's": {"who", "is"}, "wheres": {"where", "is"}, "where's": {"where", "is"},
	"whens": {"when", "is"}, "when's": {"when", "is"}, "hows": {"how", "is"}, "how's": {"how", "is"},
	"whys": {"why", "is"}, "why's": {"why", "is"}, "whose's": {"whose"},
}

// howMuchWords after "how" ask for a number or a measured amount.
var howMuchWords = wordSet("many", "much", "long", "old", "big", "large", "small", "tall", "high",
	"far", "deep", "wide", "fast", "heavy", "often", "frequently", "hot", "cold", "expensive",
	"short", "low", "little", "few", "great")

// kindNouns are nouns whose presence as the head of a question names the kind of answer.
var kindNouns = func() map[string]AnswerType {
	m := map[string]AnswerType{}
	add := func(t AnswerType, words ...string) {
		for _, w := range words {
			m[w] = t
		}
	}
	add(Date, "year", "date", "day", "month", "decade", "century", "millennium", "era", "period",
		"time", "season", "week", "hour", "birthday", "anniversary", "timeframe")
	add(Number, "number", "amount", "population", "percentage", "percent", "proportion",
		"fraction", "share", "ratio", "rate", "count", "total", "quantity", "sum", "size", "cost",
		"price", "value", "worth", "salary", "income", "revenue", "budget", "height", "length",
		"width", "depth", "distance", "weight", "mass", "speed", "velocity", "temperature", "area",
		"volume", "capacity", "score", "age", "duration", "frequency", "density", "magnitude",
		"dose", "altitude", // "area" is as often a size as a place: a size is checkable
		"elevation", "diameter", "radius", "fee", "wage", "tax", "gdp",
		"much", "many", "majority", "minimum", "maximum", "average", "range", "margin")
	add(Person, "person", "people", "man", "woman", "individual", "king", "queen", "emperor",
		"empress", "prince", "princess", "president", "minister", "leader", "ruler", "chief",
		"founder", "author", "writer", "poet", "composer", "artist", "painter", "inventor",
		"engineer", "architect", "player", "coach", "actor", "actress", "singer", "director",
		"producer", "general", "commander", "officer", "soldier", "pope", "bishop", "priest",
		"saint", "monarch", "governor", "mayor", "senator", "ambassador", "diplomat", "chair",
		"ceo", "owner", "father", "mother", "son", "daughter", "wife", "husband", "brother",
		"sister", "child", "friend", "student", "teacher", "professor", "doctor", "philosopher",
		"explorer", "winner", "champion", "successor", "predecessor", "heir", "partner",
		"spokesperson", "expert", "official", "manager", "designer", "researcher", "speaker",
		"lawyer", "judge", "sultan", "caliph", "shah", "tsar", "czar", "pharaoh", "prophet",
		"god", "goddess", "hero", "character", "assistant", "mentor", "rival", "opponent",
		"employer", "employee", "worker", "captain", "editor", "candidate", "grandfather", "grandmother", "uncle", "aunt", "nephew", "cousin",
		"parent", "noble", "nobleman", "lord", "duke", "baron", "knight", "dictator",
		"chancellor", "secretary", "head", "boss", "creator", "discoverer",
		"somebody", "someone", "anyone", "guy", "guys")
	add(Place, "place", "location", "city", "town", "village", "country", "nation", "state",
		"province", "region", "territory", "district", "county", "continent", "island",
		"river", "lake", "sea", "ocean", "mountain", "hill", "valley", "desert", "forest",
		"capital", "street", "road", "site", "port", "harbor", "harbour", "coast", "land",
		"neighborhood", "neighbourhood", "suburb", "borough", "building", "venue", "stadium",
		"airport", "station", "park", "square", "bridge", "planet", "destination",
		"headquarters", "birthplace", "residence", "palace", "castle",
		"peninsula", "bay", "gulf", "canal", "border", "colony", "municipality", "kingdom",
		"homeland", "hometown", "direction", "side", "part", "campus", "cathedral",
		"temple", "mosque", "theater", "theatre", "hospital", "prison", "battlefield")
	add(Organisation, "organisation", "organization", "company", "corporation", "firm",
		"business", "group", "party", "team", "club", "band", "university", "college",
		"school", "academy", "institute", "institution", "agency", "body", "government",
		"ministry", "department", "bank", "church", "union", "league", "association",
		"society", "council", "committee", "commission", "newspaper", "network", "channel",
		"army", "navy", "brand", "label", "manufacturer", "airline", "movement", "faction",
		"alliance", "coalition", "tribe", "dynasty", "empire", "order", "publisher",
		"embassy", "court", "parliament", "congress", "federation", "foundation", "charity",
		"militia", "regime", "administration", "studio", "sponsor", "ally",
		"clan", "house", "denomination", "sect", "publication", "magazine", "journal",
		"entity", "broadcaster", "operator")
	add(Reason, "reason", "cause", "purpose", "motive", "motivation", "explanation",
		"rationale", "goal", "aim", "consequence", "effect", "result", "impact")
	add(Definition, "meaning", "definition")
	add(List, "examples", "list")
	return m
}()

// Sentence-side markers.

var numberWords = wordSet("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
	"eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
	"eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million",
	"millions", "billion", "billions", "trillion", "dozen", "dozens", "half", "quarter",
	"percent", "twice", "thrice", "double", "triple", "single", "zero")

var monthNames = wordSet("january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
	"aug", "sep", "sept", "oct", "nov", "dec")

// ambiguousMonths are also common words or names; they count as months beside a number.
var ambiguousMonths = wordSet("may", "march", "june", "august", "mar", "jan", "dec", "oct", "sep")

var dateWords = map[string]float64{
	"century": 0.9, "centuries": 0.9, "millennium": 0.9, "decade": 0.6, "decades": 0.6,
	"monday": 0.7, "tuesday": 0.7, "wednesday": 0.7, "thursday": 0.7, "friday": 0.7,
	"saturday": 0.7, "sunday": 0.7, "spring": 0.4, "summer": 0.4, "autumn": 0.4, "winter": 0.4,
	"bc": 0.9, "bce": 0.9, "ad": 0.6, "ce": 0.6, "era": 0.5, "dynasty": 0.4, "reign": 0.4,
	"ago": 0.5, "today": 0.3, "yesterday": 0.5, "medieval": 0.5, "ancient": 0.4, "period": 0.4,
}

// titles come before a person's name.
var titles = wordSet("mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "king", "queen",
	"prince", "princess", "president", "pope", "saint", "st", "emperor", "empress", "general",
	"colonel", "captain", "professor", "prof", "rev", "reverend", "bishop", "archbishop",
	"cardinal", "sultan", "shah", "caliph", "tsar", "czar", "duke", "duchess", "count",
	"baron", "senator", "governor", "mayor", "chancellor", "judge", "father", "brother",
	"sister", "uncle", "aunt", "admiral", "lieutenant", "sergeant", "minister", "imam",
	"sheikh", "rabbi", "ayatollah")

// placeMarkers and orgMarkers are words inside a capitalised name that say what it names.
var placeMarkers = wordSet("river", "lake", "mountain", "mountains", "mount", "mt", "city", "county",
	"province", "island", "islands", "sea", "ocean", "street", "valley", "bay", "republic",
	"kingdom", "empire", "state", "states", "peninsula", "desert", "gulf", "coast", "park",
	"square", "bridge", "road", "avenue", "station", "airport", "harbour", "harbor", "port",
	"castle", "palace", "region", "district", "strait", "canal", "hills", "falls", "forest",
	"plain", "plains", "basin", "cathedral", "abbey", "tower", "hall", "stadium", "town")

var orgMarkers = wordSet("university", "college", "company", "corporation", "corp", "inc", "ltd",
	"group", "party", "association", "society", "institute", "institution", "council",
	"committee", "agency", "church", "bank", "academy", "ministry", "department", "army",
	"navy", "league", "union", "foundation", "school", "museum", "club", "commission",
	"organization", "organisation", "office", "bureau", "board", "court", "federation",
	"alliance", "network", "times", "news", "records", "airlines", "motors", "systems",
	"laboratories", "labs", "studios", "brothers", "co", "llc", "plc", "authority", "service",
	"parliament", "congress", "senate", "assembly", "front", "movement", "force", "forces",
	"guard", "corps", "team", "fc", "orchestra", "press", "media", "trust", "fund")

// placePrepositions put a place after them: "born in X", "moved to X".
var placePrepositions = wordSet("in", "at", "from", "near", "to", "into", "across", "throughout",
	"within", "outside", "towards", "toward", "around", "via", "inside", "between")

var directions = wordSet("north", "south", "east", "west", "northern", "southern", "eastern",
	"western", "northeast", "northwest", "southeast", "southwest", "central", "downtown",
	"abroad", "overseas", "nearby", "border", "coast", "capital", "city", "country")

// reasonWords are causal connectives and nouns, with how surely each gives a cause;
// "next" restricts a marker to the word that must follow it ("due to").
var reasonWords = map[string]struct {
	weight float64
	next   string
}{
	"because": {1, ""}, "due": {1, "to"}, "owing": {1, "to"}, "thanks": {0.8, "to"},
	"since": {0.5, ""}, "therefore": {0.6, ""}, "thus": {0.6, ""}, "hence": {0.6, ""},
	"consequently": {0.7, ""}, "reason": {0.8, ""}, "reasons": {0.8, ""}, "cause": {0.7, ""},
	"caused": {0.8, ""}, "causes": {0.7, ""}, "causing": {0.6, ""}, "result": {0.7, ""},
	"resulted": {0.8, ""}, "led": {0.7, "to"}, "lead": {0.6, "to"}, "leads": {0.6, "to"},
	"so": {0.9, "that"}, "order": {0.8, "to"}, "purpose": {0.7, ""}, "aim": {0.5, ""},
	"aimed": {0.6, ""}, "motivated": {0.7, ""}, "prompted": {0.7, ""}, "response": {0.6, ""},
	"fear": {0.4, ""}, "feared": {0.5, ""}, "why": {0.5, ""}, "allow": {0.4, ""},
	"allowed": {0.4, ""}, "enable": {0.4, ""}, "to": {0.15, ""}, "for": {0.15, ""},
	"as": {0.3, ""}, "attributed": {0.8, ""}, "blamed": {0.7, ""}, "triggered": {0.7, ""},
}

// definitionVerbs introduce what a thing is: "X refers to", "is known as", "means".
var definitionVerbs = map[string]float64{
	"refers": 1, "refer": 0.9, "referred": 0.9, "means": 0.9, "meaning": 0.9, "mean": 0.6,
	"defined": 1, "define": 0.8, "definition": 0.9, "known": 0.7, "called": 0.7, "named": 0.6,
	"termed": 0.8, "describes": 0.6, "described": 0.7, "denotes": 0.9, "consists": 0.6,
	"comprises": 0.6, "type": 0.6, "kind": 0.6, "form": 0.5, "member": 0.5, "founded": 0.4,
}

var articles = wordSet("a", "an", "the", "one")

var copulas = wordSet("is", "are", "was", "were", "be", "been", "being", "becomes", "became", "remains")

// listMarkers introduce an enumeration.
var listMarkers = wordSet("including", "include", "includes", "included", "such", "namely",
	"like", "both", "either", "among", "various", "several")
