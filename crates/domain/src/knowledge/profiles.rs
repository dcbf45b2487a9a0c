//! The business types the knowledge base knows, in families: a family's first profile
//! (its key is the family's key) holds what is true of the whole family, and each
//! further type in it overrides what is its own: name, schema.org type, the words that
//! identify it, its offer, questions, vocabulary, taglines and colour.

use super::*;

pub const FOOD_AND_BEVERAGE: BusinessProfile = BusinessProfile {
    key: "food_and_beverage",
    family: "food_and_beverage",
    label: "Food & drink",
    schema_type: "FoodEstablishment",
    aliases: &["food", "catering", "takeaway", "deli", "food_beverage"],
    offer_heading: "What we make",
    audiences: &["locals looking for everyday food they can trust", "people planning a celebration or gathering", "regulars who want to order ahead and skip the queue"],
    needs: &["knowing what is available today and how to order it", "clear ingredient and allergen information", "easy ordering for collection or pre-order", "opening times and where to find the shop"],
    questions: &["What is on offer this week and what can be pre-ordered", "Allergens and ingredients in each product", "How far ahead to order for an occasion", "Collection and opening times"],
    trust: &["photos of the real products", "clear allergen information", "the people and process behind the food"],
    competitors: &[
        ck("supermarket bakery and deli counters", "convenience and low prices", "craft, freshness and a person who knows the product"),
        ck("chain cafés and bakeries", "consistency and many locations", "a neighbourhood identity and products that change with the season"),
        ck("delivery-app-only kitchens", "speed and wide choice", "ordering direct, with care for occasions and special requests"),
    ],
    keywords: &["fresh", "order ahead", "local", "handmade", "celebration"],
    voice: &["warm", "generous", "down-to-earth"],
    voice_guidance: "Talk like the person behind the counter: concrete about the food, friendly, never pompous.",
    hue: 28.0,
    saturation: 0.62,
    type_style: TypeStyle::Serif,
    layouts: &[Split, Centered],
    taglines: &["Baked with care, ready when you are", "Good food, made here{place}", "Made by hand, ordered with ease"],
    cues: &["food", "kitchen", "menu", "catering", "takeaway", "comida", "cuisine", "essen"],
};

pub const HOSPITALITY: BusinessProfile = BusinessProfile {
    key: "hospitality",
    family: "hospitality",
    label: "Hospitality",
    schema_type: "CafeOrCoffeeShop",
    aliases: &["coffee", "cafe", "coffee_shop", "tea_room", "cafe_bar"],
    offer_heading: "What you will find here",
    audiences: &["locals looking for a place to slow down", "visitors exploring the area", "people meeting friends or working quietly"],
    needs: &["a feel for the atmosphere before visiting", "opening hours and how to get there", "what is served and what is special about it", "whether there is room to sit, work or meet"],
    questions: &["Opening hours and the quietest times to visit", "What is on the menu today", "Space for groups, work or reading", "Accessibility of the venue"],
    trust: &["real photos of the space", "clear opening hours", "a description of what makes the place distinct"],
    competitors: &[
        ck("chain coffee shops", "convenience and familiarity", "character, craft and a place people choose on purpose"),
        ck("other independent venues nearby", "their own style and regulars", "a clear point of view on what is served and how the space feels"),
    ],
    keywords: &["visit", "opening hours", "menu", "atmosphere", "local"],
    voice: &["welcoming", "calm", "characterful"],
    voice_guidance: "Invite people in: describe the place as a visitor would experience it, with sensory detail and no hype.",
    hue: 18.0,
    saturation: 0.45,
    type_style: TypeStyle::Humanist,
    layouts: &[Editorial, Split],
    taglines: &["Come in, slow down, stay a while", "A place worth the visit{place}", "Made to be lingered in"],
    cues: &["coffee", "espresso", "café", "tea", "kaffee", "cafetería", "brunch", "pastries"],
};

pub const HEALTHCARE: BusinessProfile = BusinessProfile {
    key: "healthcare",
    family: "healthcare",
    label: "Healthcare",
    schema_type: "MedicalBusiness",
    aliases: &["clinic", "medical", "therapy", "optician", "pharmacy", "doctor"],
    offer_heading: "Treatments and care",
    audiences: &["families looking for a practice they can stay with", "people with an urgent problem who need to be seen", "nervous patients who want reassurance"],
    needs: &["easy booking and rescheduling", "clear explanations of treatments and what they involve", "reassurance about comfort, safety and qualifications", "knowing whether urgent appointments are possible"],
    questions: &["Which treatments are offered and what they involve", "How to get an urgent appointment", "Costs and payment options", "Accessibility and help for nervous patients"],
    trust: &["the clinicians' names and qualifications (added by the practice)", "clear policies on fees and cancellations", "regulatory registration details (added by the practice)"],
    competitors: &[
        ck("large practice groups and chains", "availability across many sites", "continuity of care with a familiar team"),
        ck("other local practices", "proximity and long-standing patient lists", "clearer information, easier booking and a calmer experience"),
    ],
    keywords: &["book an appointment", "family", "emergency", "treatments", "patients"],
    voice: &["reassuring", "clear", "professional"],
    voice_guidance: "Calm and plain: explain treatments without jargon, never promise outcomes, and make booking obvious.",
    hue: 195.0,
    saturation: 0.55,
    type_style: TypeStyle::Sans,
    layouts: &[Centered, Split],
    taglines: &["Care that fits around your life", "Clear advice, gentle care, easy booking", "Your health, explained and looked after"],
    cues: &["clinic", "patient", "patients", "treatment", "health", "medical", "practitioner", "santé", "gesundheit", "salud"],
};

pub const CONSULTING: BusinessProfile = BusinessProfile {
    key: "consulting",
    family: "consulting",
    label: "Consulting",
    schema_type: "ProfessionalService",
    aliases: &["consultancy", "advisory", "agency_consulting", "management_consulting", "coaching", "business_services"],
    offer_heading: "How we help",
    audiences: &["owners and leaders facing a specific problem", "teams that need outside expertise for a defined project"],
    needs: &["evidence that the consultant understands their kind of problem", "a clear way of working and what an engagement looks like", "a low-risk first conversation"],
    questions: &["What a typical engagement looks like", "How you would approach our problem", "Who would do the work", "How fees are set"],
    trust: &["a clear description of the method", "credentials and experience (added by the firm)", "case studies with the client's permission (added by the firm)"],
    competitors: &[
        ck("large consultancies", "scale, brand and breadth", "senior attention and a focused scope"),
        ck("independent specialists", "deep expertise in a niche", "a clear method and a reliable way of working"),
    ],
    keywords: &["consultation", "strategy", "expertise", "results", "advice"],
    voice: &["confident", "precise", "direct"],
    voice_guidance: "Lead with the client's problem, describe the method concretely, and never claim results you cannot show.",
    hue: 220.0,
    saturation: 0.45,
    type_style: TypeStyle::Geometric,
    layouts: &[Editorial, Centered],
    taglines: &["Clear thinking for hard problems", "Advice you can act on", "From question to decision"],
    cues: &["consult", "advis", "strategy", "coaching", "workshop", "transformation"],
};

pub const PROFESSIONAL_SERVICES: BusinessProfile = BusinessProfile {
    key: "professional_services",
    family: "professional_services",
    label: "Professional services",
    schema_type: "ProfessionalService",
    aliases: &["finance", "insurance"],
    offer_heading: "Areas of practice",
    audiences: &["people facing a stressful situation who need expert help", "clients comparing firms before a first call"],
    needs: &["confidence the firm handles their exact kind of matter", "clarity about the first step and about fees", "a confidential, easy way to get in touch"],
    questions: &["Whether the firm handles matters like mine", "What happens in a first consultation", "How fees and funding work", "How my information is kept confidential"],
    trust: &["the professionals' names and accreditations (added by the firm)", "regulatory information (added by the firm)", "a clear explanation of the process"],
    competitors: &[
        ck("large full-service firms", "breadth and reputation", "specialist focus and direct access to the person handling the matter"),
        ck("online comparison and referral services", "convenience and quick quotes", "a relationship with one accountable firm"),
    ],
    keywords: &["consultation", "advice", "confidential", "specialist", "case"],
    voice: &["authoritative", "empathetic", "plain-spoken"],
    voice_guidance: "Serious and human: acknowledge the client's situation, explain next steps plainly, never guarantee outcomes.",
    hue: 230.0,
    saturation: 0.4,
    type_style: TypeStyle::Serif,
    layouts: &[Editorial, Split],
    taglines: &["Expert advice when it matters most", "On your side, from the first conversation", "Clear answers to difficult questions"],
    cues: &["professional", "advice", "compliance", "regulated", "cabinet", "kanzlei"],
};

pub const NONPROFIT: BusinessProfile = BusinessProfile {
    key: "nonprofit",
    family: "nonprofit",
    label: "Non-profit",
    schema_type: "NGO",
    aliases: &["charity", "ngo", "foundation", "community", "trust", "volunteer", "non_profit", "social_enterprise"],
    offer_heading: "What we do",
    audiences: &["local people who care about the cause", "volunteers looking for a way to help", "donors who want to see where their money goes"],
    needs: &["understanding the cause and the work in plain terms", "simple ways to donate or volunteer", "transparency about how support is used"],
    questions: &["Where donations go", "How to volunteer and what it involves", "Upcoming events and activities", "How the organisation is governed"],
    trust: &["charity registration details (added by the organisation)", "stories and photos from real activities", "clear information on governance and spending"],
    competitors: &[
        ck("large national charities", "reach and brand recognition", "visible, local work that supporters can see and join"),
        ck("other local groups", "shared community ties", "a clear focus and easy ways to take part"),
    ],
    keywords: &["donate", "volunteer", "community", "support", "impact"],
    voice: &["hopeful", "grounded", "inclusive"],
    voice_guidance: "Speak with conviction and humility: show the work, invite people in, and never overstate impact.",
    hue: 150.0,
    saturation: 0.5,
    type_style: TypeStyle::Humanist,
    layouts: &[Banded, Centered],
    taglines: &["Together we can do more{place}", "Small acts, shared work, lasting change", "Join us and make a difference"],
    cues: &["charity", "volunteer", "donat", "fundrais", "nonprofit", "non-profit", "campaign"],
};

pub const E_COMMERCE: BusinessProfile = BusinessProfile {
    key: "e-commerce",
    family: "e-commerce",
    label: "Online shop",
    schema_type: "OnlineStore",
    aliases: &["ecommerce", "e_commerce", "online_store", "shop", "store", "webshop", "online_shop", "retail_online"],
    offer_heading: "What we sell",
    audiences: &["shoppers comparing products online", "returning customers who know what they want"],
    needs: &["clear product information and honest specifications", "delivery, returns and warranty terms up front", "a quick, trustworthy checkout"],
    questions: &["Delivery options and returns", "Sizing and product details", "Warranty and repairs", "How to get help with an order"],
    trust: &["clear delivery and returns policies", "secure checkout", "contact details and a real company behind the shop"],
    competitors: &[
        ck("marketplaces", "huge range and fast shipping", "curation, expertise and after-sales care"),
        ck("big-box retailers", "price and availability", "specialist knowledge and a product philosophy"),
    ],
    keywords: &["shop", "buy online", "delivery", "returns", "quality"],
    voice: &["knowledgeable", "straightforward", "enthusiastic"],
    voice_guidance: "Sell with specifics: what the product is, who it is for, and the terms that matter, without superlatives.",
    hue: 165.0,
    saturation: 0.55,
    type_style: TypeStyle::Geometric,
    layouts: &[Banded, Split],
    taglines: &["Chosen with care, built to last", "Gear you can rely on", "Fewer, better things"],
    cues: &["online", "webshop", "shipping", "checkout", "ecommerce", "e-commerce", "dispatch"],
};

pub const TECHNOLOGY: BusinessProfile = BusinessProfile {
    key: "technology",
    family: "technology",
    label: "Technology",
    schema_type: "Organization",
    aliases: &["saas", "software", "tech", "startup", "app", "platform", "it", "it_services", "ai"],
    offer_heading: "What the product does",
    audiences: &["teams evaluating tools for a specific workflow", "technical buyers checking security and integrations"],
    needs: &["understanding the problem solved in one sentence", "how it fits existing tools and data", "security and privacy posture", "an easy way to see it working"],
    questions: &["Which tools it integrates with", "How data is stored and secured", "How onboarding works", "Pricing and plans"],
    trust: &["security and privacy documentation", "integration details", "a clear explanation of how the product works"],
    competitors: &[
        ck("all-in-one platforms", "breadth of features", "depth on one job, done well"),
        ck("in-house spreadsheets and scripts", "zero new cost", "time saved and fewer manual errors"),
        ck("other specialist tools", "their own feature set", "a clearer workflow and faster time to value"),
    ],
    keywords: &["demo", "integrations", "security", "workflow", "insights"],
    voice: &["clear", "confident", "technical without jargon"],
    voice_guidance: "Name the problem, show how the product solves it, and back claims with specifics rather than adjectives.",
    hue: 250.0,
    saturation: 0.6,
    type_style: TypeStyle::Mono,
    layouts: &[Split, Banded],
    taglines: &["From raw signals to clear decisions", "Less noise, more insight", "See what your data is telling you"],
    cues: &["software", "platform", "saas", "cloud", "automat", "integration", "dashboard", "analytics"],
};

pub const FITNESS: BusinessProfile = BusinessProfile {
    key: "fitness",
    family: "fitness",
    label: "Fitness",
    schema_type: "SportsActivityLocation",
    aliases: &["gym", "personal_training", "sports", "martial_arts", "dance"],
    offer_heading: "Classes and training",
    audiences: &["beginners who want a welcoming start", "regulars looking for structure and progress"],
    needs: &["a timetable and what each class involves", "a sense of the community and coaches", "an easy first session"],
    questions: &["Which class suits a beginner", "Timetable and booking", "Membership and pay-as-you-go options", "What to bring to a first session"],
    trust: &["coaches' qualifications (added by the studio)", "real photos of classes", "clear membership terms"],
    competitors: &[
        ck("budget gym chains", "low monthly prices", "coaching, community and personal attention"),
        ck("home workout apps", "convenience", "real coaching, accountability and company"),
    ],
    keywords: &["classes", "book", "beginners", "training", "community"],
    voice: &["energetic", "encouraging", "inclusive"],
    voice_guidance: "Motivate without pressure: welcome beginners, be concrete about what happens in a session.",
    hue: 8.0,
    saturation: 0.7,
    type_style: TypeStyle::Geometric,
    layouts: &[Banded, Centered],
    taglines: &["Stronger, one session at a time", "Move well, feel better", "Your first class starts here"],
    cues: &["gym", "workout", "fitness", "strength", "conditioning", "hiit", "sport"],
};

pub const BEAUTY: BusinessProfile = BusinessProfile {
    key: "beauty",
    family: "beauty",
    label: "Beauty & wellbeing",
    schema_type: "HealthAndBeautyBusiness",
    aliases: &["nails", "beauty_salon", "skincare"],
    offer_heading: "Treatments",
    audiences: &["regular clients who want an easy rebooking", "new clients choosing a salon for the first time"],
    needs: &["a clear treatment menu", "online booking at a convenient time", "a feel for the style and atmosphere"],
    questions: &["Treatment menu and duration", "Availability and booking", "Patch tests and aftercare", "Cancellation policy"],
    trust: &["photos of real work (added by the salon)", "clear cancellation policy", "hygiene and product information"],
    competitors: &[
        ck("chain salons", "convenience and long opening hours", "a personal stylist who knows the client"),
        ck("booking marketplaces", "discovery and discounts", "direct booking and a relationship with the salon"),
    ],
    keywords: &["book", "treatments", "appointments", "style", "care"],
    voice: &["friendly", "polished", "caring"],
    voice_guidance: "Personal and reassuring: describe how each treatment feels and make booking effortless.",
    hue: 330.0,
    saturation: 0.45,
    type_style: TypeStyle::Serif,
    layouts: &[Centered, Split],
    taglines: &["Time for you, done beautifully", "Look after yourself, we will do the rest", "Your time, your style"],
    cues: &["beauty", "skin", "skincare", "facial", "lashes", "brows", "makeup", "wax"],
};

pub const PET_SERVICES: BusinessProfile = BusinessProfile {
    key: "pet_services",
    family: "pet_services",
    label: "Pet care",
    schema_type: "LocalBusiness",
    aliases: &["pets", "pet", "dog_grooming", "groomer", "grooming", "dog_walking", "dog_walker", "pet_sitting", "kennels", "cattery", "dog_training"],
    offer_heading: "What we do for your pet",
    audiences: &["owners who want gentle, reliable care for their pet", "owners of nervous or elderly animals", "busy owners who need care that fits their week"],
    needs: &["knowing how their pet will be handled", "clear prices and what each service includes", "easy booking at a time that suits", "where the business works and when"],
    questions: &["How nervous or elderly pets are handled", "What each service includes", "How far ahead to book", "Which areas are covered"],
    trust: &["how animals are handled, in the owner's words", "insurance and training, when the business states them", "clear prices and what they include"],
    competitors: &[
        ck("large pet-store chains with in-store services", "convenience and long opening hours", "the same calm person every visit, who knows the animal"),
        ck("marketplace apps for pet care", "choice and instant booking", "a direct relationship and care that is not rushed"),
    ],
    keywords: &["gentle", "book", "local", "care", "pets"],
    voice: &["warm", "calm", "reassuring"],
    voice_guidance: "Speak to the owner about their animal: calm, practical and kind, with no cutesy exaggeration.",
    hue: 152.0,
    saturation: 0.42,
    type_style: TypeStyle::Humanist,
    layouts: &[Centered, Split],
    taglines: &["Gentle care for the pets you love", "Calm, careful care{place}", "Care your pet will be happy to come back to"],
    cues: &["dog", "dogs", "cat", "cats", "pet", "pets", "groom", "puppy", "kennel", "chien", "hund", "perro"],
};

pub const REAL_ESTATE: BusinessProfile = BusinessProfile {
    key: "real_estate",
    family: "real_estate",
    label: "Property",
    schema_type: "RealEstateAgent",
    aliases: &["property", "realtor", "estate_agent", "letting", "lettings", "real_estate_agency", "property_management"],
    offer_heading: "Services",
    audiences: &["sellers choosing an agent", "buyers and renters looking in the area", "landlords who want hands-off management"],
    needs: &["local knowledge and a clear process", "honest valuation and fee information", "responsive communication"],
    questions: &["How valuations are done", "Fees and contract terms", "How viewings are arranged", "What the management service covers"],
    trust: &["registration with property bodies (added by the agency)", "clear fee information", "the team's names and areas covered"],
    competitors: &[
        ck("online-only agents", "low fixed fees", "local presence, accompanied viewings and negotiation"),
        ck("high-street chains", "brand and reach", "a named agent who handles everything personally"),
    ],
    keywords: &["valuation", "viewings", "local area", "sell", "let"],
    voice: &["trustworthy", "local", "straight-talking"],
    voice_guidance: "Be specific about process and fees; sound like a neighbour who knows the market, not a salesperson.",
    hue: 205.0,
    saturation: 0.5,
    type_style: TypeStyle::Sans,
    layouts: &[Split, Editorial],
    taglines: &["Local knowledge, honest advice", "Moving made clearer", "The right move starts with a conversation"],
    cues: &["property", "properties", "estate", "letting", "lettings", "immobili", "inmobili", "valuation"],
};

pub const EDUCATION: BusinessProfile = BusinessProfile {
    key: "education",
    family: "education",
    label: "Education",
    schema_type: "EducationalOrganization",
    aliases: &["school", "courses", "training", "academy", "nursery", "language_school", "childcare"],
    offer_heading: "Courses and programmes",
    audiences: &["parents choosing support for their child", "adult learners looking for a course that fits their life"],
    needs: &["what is taught and how", "schedules, formats and how to enrol", "who the teachers are"],
    questions: &["Which course or level fits", "Schedules and formats", "How enrolment works", "Who teaches the sessions"],
    trust: &["teachers' qualifications (added by the school)", "safeguarding information", "clear terms and schedules"],
    competitors: &[
        ck("large online course platforms", "choice and low prices", "personal attention and a structured path"),
        ck("other local tutors and schools", "proximity", "a clear teaching approach and easy enrolment"),
    ],
    keywords: &["courses", "enrol", "learning", "teachers", "classes"],
    voice: &["encouraging", "clear", "patient"],
    voice_guidance: "Speak to learners and parents plainly: what they will learn, how, and how to start.",
    hue: 265.0,
    saturation: 0.45,
    type_style: TypeStyle::Humanist,
    layouts: &[Centered, Banded],
    taglines: &["Learning that fits your life", "Every learner, one step further", "Confidence through learning"],
    cues: &["course", "courses", "school", "student", "students", "pupil", "learn", "teach", "classes", "formation", "kurse"],
};

pub const HOME_SERVICES: BusinessProfile = BusinessProfile {
    key: "home_services",
    family: "home_services",
    label: "Home services",
    schema_type: "HomeAndConstructionBusiness",
    aliases: &["construction", "builder", "trades", "roofing", "handyman", "renovation", "decorator", "locksmith"],
    offer_heading: "Services",
    audiences: &["homeowners with a job that needs doing properly", "landlords and property managers who need reliable trades"],
    needs: &["a quick, reliable response", "clear quotes with no surprises", "evidence of competence and insurance"],
    questions: &["Which jobs you take on", "How quotes work", "Availability and response times", "Insurance and guarantees"],
    trust: &["trade accreditations and insurance (added by the business)", "photos of completed work", "clear quoting process"],
    competitors: &[
        ck("trade directories and marketplaces", "choice and reviews", "direct contact with the person doing the work"),
        ck("large service companies", "availability", "care, tidiness and a named tradesperson"),
    ],
    keywords: &["free quote", "local", "reliable", "repairs", "installation"],
    voice: &["practical", "reliable", "no-nonsense"],
    voice_guidance: "Plain and practical: say what you do, where, and how to get a quote.",
    hue: 35.0,
    saturation: 0.75,
    type_style: TypeStyle::Sans,
    layouts: &[Banded, Split],
    taglines: &["Done properly, first time", "Reliable work, clear quotes", "The job done right{place}"],
    cues: &["repair", "repairs", "install", "renovat", "builder", "building", "handyman", "maintenance", "trade", "tradesperson", "extension"],
};

pub const CREATIVE: BusinessProfile = BusinessProfile {
    key: "creative",
    family: "creative",
    label: "Creative studio",
    schema_type: "ProfessionalService",
    aliases: &["design", "studio", "video", "art", "music"],
    offer_heading: "Work we do",
    audiences: &["businesses looking for a creative partner", "people planning an event or project who need a specialist"],
    needs: &["a portfolio that shows the style", "a clear process and timeline", "how to start a project"],
    questions: &["The kind of projects you take on", "How a project runs", "Timelines and availability", "How pricing works"],
    trust: &["portfolio of real projects (added by the studio)", "a clear process", "the people behind the work"],
    competitors: &[
        ck("freelance marketplaces", "low prices and speed", "a considered process and a consistent point of view"),
        ck("large agencies", "full-service capacity", "direct access to the people doing the creative work"),
    ],
    keywords: &["portfolio", "projects", "creative", "brief", "studio"],
    voice: &["expressive", "thoughtful", "confident"],
    voice_guidance: "Let the work lead; write with personality and precision, and explain the process simply.",
    hue: 285.0,
    saturation: 0.5,
    type_style: TypeStyle::Geometric,
    layouts: &[Editorial, Banded],
    taglines: &["Ideas, made visible", "Work with a point of view", "Made with intent"],
    cues: &["design", "creative", "portfolio", "illustrat", "animation", "music", "art", "studio"],
};

pub const AUTOMOTIVE: BusinessProfile = BusinessProfile {
    key: "automotive",
    family: "automotive",
    label: "Automotive",
    schema_type: "AutomotiveBusiness",
    aliases: &["garage", "car", "mechanic", "car_repair", "auto", "dealership", "motorcycle"],
    offer_heading: "Services",
    audiences: &["drivers who need a repair or service they can trust", "owners looking for a regular garage"],
    needs: &["honest diagnosis and clear quotes", "booking a slot that suits", "knowing what is included in a service"],
    questions: &["What each service includes", "How quotes and approvals work", "Booking and collection", "Warranty on parts and labour"],
    trust: &["accreditations (added by the garage)", "clear pricing approach", "photos of the workshop and team"],
    competitors: &[
        ck("main dealers", "brand specialism", "personal service and straightforward quotes"),
        ck("fast-fit chains", "speed and convenience", "thorough diagnosis and a mechanic you can talk to"),
    ],
    keywords: &["book a service", "repairs", "MOT", "quote", "local garage"],
    voice: &["straightforward", "capable", "honest"],
    voice_guidance: "No jargon walls: explain the work and the price in plain terms and make booking simple.",
    hue: 210.0,
    saturation: 0.65,
    type_style: TypeStyle::Sans,
    layouts: &[Split, Banded],
    taglines: &["Honest work on every car", "Keeping you on the road", "Straight answers, skilled hands"],
    cues: &["car", "cars", "vehicle", "vehicles", "garage", "mot", "tyre", "tyres", "engine", "mechanic", "auto", "werkstatt"],
};

pub const RETAIL: BusinessProfile = BusinessProfile {
    key: "retail",
    family: "retail",
    label: "Independent shop",
    schema_type: "Store",
    aliases: &["boutique", "shop_local", "gift_shop", "hardware", "grocer", "market"],
    offer_heading: "In the shop",
    audiences: &["local shoppers who value choice and advice", "visitors looking for something distinctive"],
    needs: &["what the shop stocks", "opening hours and location", "whether items can be reserved or ordered"],
    questions: &["What is in stock", "Opening hours", "Reserving or ordering items", "Gift wrapping and special requests"],
    trust: &["photos of the shop and products", "clear opening hours", "the people who run it"],
    competitors: &[
        ck("online marketplaces", "range and delivery", "advice, discovery and the pleasure of a visit"),
        ck("chain stores", "price and familiarity", "a curated selection and personal service"),
    ],
    keywords: &["shop", "visit", "local", "gifts", "in stock"],
    voice: &["friendly", "curious", "helpful"],
    voice_guidance: "Sound like the owner recommending a favourite: specific, personal and unhurried.",
    hue: 350.0,
    saturation: 0.5,
    type_style: TypeStyle::Serif,
    layouts: &[Centered, Editorial],
    taglines: &["Worth the visit{place}", "Chosen by people who care", "Something good on every shelf"],
    cues: &["shop", "stock", "gift", "gifts", "boutique", "browse", "stockist", "boutique", "laden", "tienda", "magasin"],
};


/// The profile used when a business type matches nothing more specific.
pub static GENERAL: BusinessProfile = BusinessProfile {
    key: "general",
    family: "general",
    label: "Local business",
    schema_type: "LocalBusiness",
    aliases: &[],
    offer_heading: "What we offer",
    audiences: &[
        "people looking for a business they can rely on",
        "customers comparing options before getting in touch",
    ],
    needs: &[
        "a clear idea of what is offered",
        "an easy way to get in touch",
        "reasons to trust the business",
    ],
    questions: &[
        "What is offered and for whom",
        "How to get started",
        "Availability",
        "How to get in touch",
    ],
    trust: &[
        "the people behind the business",
        "clear contact details",
        "plain descriptions of what is offered",
    ],
    competitors: &[
        ck(
            "larger regional or national providers",
            "scale and brand recognition",
            "personal attention and local knowledge",
        ),
        ck(
            "other local businesses",
            "proximity and existing customers",
            "a clearer offer and an easier first step",
        ),
    ],
    keywords: &["local", "services", "contact", "quality"],
    voice: &["friendly", "clear", "dependable"],
    voice_guidance: "Say plainly what you do and for whom, and make the next step obvious.",
    hue: 200.0,
    saturation: 0.45,
    type_style: TypeStyle::Sans,
    layouts: &[Centered, Split, Editorial, Banded],
    taglines: &[
        "Here to help, every step of the way",
        "Good work, clearly explained",
        "Straightforward service you can rely on",
    ],
    cues: &[],
};

pub const ARCHITECTURE: BusinessProfile = BusinessProfile {
    key: "architecture",
    family: "architecture",
    label: "Architecture studio",
    schema_type: "ProfessionalService",
    aliases: &["architect", "architects", "architecture_studio", "architecture_practice", "architectural_design", "architecte", "architekt", "architekturbüro", "arquitecto", "arquitectura"],
    offer_heading: "Projects we design",
    audiences: &["homeowners planning an extension, conversion or new house", "developers and organisations commissioning a building", "owners of old or listed buildings who need careful work"],
    needs: &["seeing the kind of buildings the studio designs", "understanding the stages from first visit to completion", "knowing how planning permission and building regulations are handled", "knowing how fees are worked out before committing"],
    questions: &["The kinds of buildings and projects the studio takes on", "How the design stages run, from first visit to completion", "How planning permission and building regulations are handled", "How fees are worked out"],
    trust: &["built projects with drawings and photographs (added by the studio)", "professional registration of the architects", "a clear description of each design stage"],
    competitors: &[
        ck("design-and-build contractors", "one contract and a fixed price", "independent design advice on the client's side"),
        ck("plan-drawing services", "low fees for planning drawings", "a considered design and care through construction"),
    ],
    keywords: &["architect", "extension", "planning permission", "design stages", "retrofit"],
    voice: &["considered", "precise", "calm"],
    voice_guidance: "Write about buildings and the people who use them; explain the process plainly and let the projects carry the ambition.",
    hue: 160.0,
    saturation: 0.25,
    type_style: TypeStyle::Geometric,
    layouts: &[Editorial, Split],
    taglines: &["Buildings shaped around the people in them", "Careful design, from first sketch to handover", "Space, light and good construction{place}"],
    cues: &["architect", "architectural", "extension", "planning permission", "retrofit", "listed building", "new-build", "refurbish", "drawings", "architektur", "arquitect"],
};

pub const CLUBS: BusinessProfile = BusinessProfile {
    key: "clubs",
    family: "clubs",
    label: "Club or association",
    schema_type: "Organization",
    aliases: &["club", "association", "society", "members_club", "guild", "choir", "community_group", "verein", "asociación", "associations"],
    offer_heading: "What members do",
    audiences: &["people looking for others who share an interest", "newcomers wondering whether they would fit in", "existing members looking for dates and news"],
    needs: &["what the club does and when it meets", "whether beginners are welcome", "how to join and what membership involves", "who to contact with a question"],
    questions: &["When and where the club meets", "Whether beginners are welcome", "How to join and what membership includes", "How to come along and try it first"],
    trust: &["regular meetings and a clear calendar", "the volunteers who run the club", "a plain explanation of membership"],
    competitors: &[
        ck("informal groups on social media", "no commitment", "a regular place, a calendar and people who organise it"),
        ck("commercial classes and venues", "convenience", "community, continuity and members who shape the club"),
    ],
    keywords: &["join", "members", "meetings", "beginners welcome", "community"],
    voice: &["welcoming", "enthusiastic", "down-to-earth"],
    voice_guidance: "Sound like a member inviting a friend: what happens, when, and how to come along.",
    hue: 140.0,
    saturation: 0.5,
    type_style: TypeStyle::Humanist,
    layouts: &[Centered, Banded],
    taglines: &["Come along, you will be welcome", "People who share what you love{place}", "Join in, any time of year"],
    cues: &["club", "members", "membership", "society", "association", "meet", "meets", "verein", "asociación"],
};

pub const EVENTS: BusinessProfile = BusinessProfile {
    key: "events",
    family: "events",
    label: "Events venue",
    schema_type: "EventVenue",
    aliases: &["event_venue", "venue", "venue_hire", "wedding_venue", "conference_venue", "event_space", "function_room", "salle_de_réception", "eventlocation"],
    offer_heading: "Spaces and events",
    audiences: &["couples planning a wedding or celebration", "organisers of conferences, meetings and parties", "people looking for a space with character"],
    needs: &["what the spaces are and how many people they suit", "what is included and what can be brought in", "checking whether a date is free", "arranging a visit"],
    questions: &["Which spaces there are and what events they suit", "What is included in hiring the venue", "How to check whether a date is free", "How to arrange a visit"],
    trust: &["photographs of the spaces set up for real events (added by the venue)", "a clear list of what is included", "a named person who looks after each event"],
    competitors: &[
        ck("hotel function rooms", "everything under one roof", "character and a team focused on one event at a time"),
        ck("venue-finding websites", "choice in one place", "direct contact with the people who run the space"),
    ],
    keywords: &["venue hire", "weddings", "events", "check a date", "visit"],
    voice: &["warm", "assured", "attentive"],
    voice_guidance: "Help people picture their event: describe the spaces concretely and make checking a date easy.",
    hue: 330.0,
    saturation: 0.4,
    type_style: TypeStyle::Serif,
    layouts: &[Editorial, Split],
    taglines: &["A space for the days that matter", "Your event, looked after{place}", "Room to celebrate"],
    cues: &["venue", "hire", "wedding", "weddings", "reception", "conference", "banquet", "function", "celebrations"],
};

// Types within the families above: each overrides what is its own.

pub const PLUMBING: BusinessProfile = BusinessProfile {
    key: "plumbing",
    label: "Plumbing & heating",
    schema_type: "Plumber",
    aliases: &["plumber", "plumbers", "plumbing", "heating", "heating_engineer", "gas_engineer", "boiler_repair", "plombier", "plomberie", "sanitär", "installateur", "fontanero", "fontanería"],
    offer_heading: "Plumbing and heating work",
    needs: &["someone who comes quickly when water is leaking or the heating is off", "a clear price before work starts", "proof of registration for gas work"],
    questions: &["Whether emergencies are covered, and when", "How call-outs and quotes are priced", "Which boilers and heating systems are serviced", "Registration for gas work and insurance"],
    trust: &["gas registration details (added by the business)", "insurance", "a clear call-out and quoting process"],
    keywords: &["plumber", "boiler service", "leak repair", "heating", "emergency call-out"],
    hue: 205.0,
    taglines: &["Leaks fixed, heating back on", "Plumbing and heating done properly{place}", "Warm homes, working taps"],
    cues: &["plumb", "boiler", "boilers", "leak", "leaks", "drain", "drains", "radiator", "radiators", "heating", "bathroom", "bathrooms", "gas safe", "sanitär", "heizung", "plomb", "fontaner"],
    ..HOME_SERVICES
};

pub const ELECTRICIAN: BusinessProfile = BusinessProfile {
    key: "electrician",
    label: "Electrician",
    schema_type: "Electrician",
    aliases: &["electrician", "electricians", "electrical", "electrical_contractor", "electrics", "rewiring", "électricien", "elektriker", "electricista"],
    offer_heading: "Electrical work",
    needs: &["safe work that meets the wiring regulations", "a certificate for the work done", "a clear quote and a tidy job"],
    questions: &["Which electrical jobs are taken on", "How quotes work", "Certificates issued for the work", "Registration and insurance"],
    trust: &["registration with an electrical scheme (added by the business)", "certificates for completed work", "insurance"],
    keywords: &["electrician", "rewiring", "fuse board", "lighting", "EV charger"],
    hue: 48.0,
    taglines: &["Safe wiring, clear quotes", "Electrical work you can trust{place}", "Power, lighting and peace of mind"],
    cues: &["electric", "wiring", "rewir", "fuse", "fuseboard", "consumer unit", "socket", "sockets", "lighting", "ev charg", "elektr", "électri"],
    ..HOME_SERVICES
};

pub const CARPENTRY: BusinessProfile = BusinessProfile {
    key: "carpentry",
    label: "Carpentry & joinery",
    schema_type: "HomeAndConstructionBusiness",
    aliases: &["carpentry", "carpenter", "carpenters", "joinery", "joiner", "cabinet_maker", "cabinetmaker", "furniture_maker", "schreinerei", "schreiner", "tischler", "tischlerei", "menuisier", "menuiserie", "ébéniste", "carpintero", "carpintería"],
    offer_heading: "What we make and fit",
    needs: &["furniture and fittings made to measure", "seeing the quality of earlier work", "a clear quote and a date for fitting"],
    questions: &["Which pieces are made and fitted", "Which woods and finishes are used", "How measuring, quoting and fitting work", "Repairs to existing furniture"],
    trust: &["photographs of finished pieces (added by the workshop)", "the maker's training", "a clear process from measuring to fitting"],
    keywords: &["made to measure", "fitted furniture", "joinery", "solid wood", "repairs"],
    hue: 30.0,
    saturation: 0.55,
    type_style: TypeStyle::Serif,
    layouts: &[Split, Editorial],
    taglines: &["Made to measure, built to last", "Wood, worked with care{place}", "Fitted properly, finished beautifully"],
    cues: &["carpent", "joinery", "joiner", "timber", "wood", "wooden", "cabinet", "fitted", "furniture", "wardrobe", "staircase", "holz", "möbel", "schrein", "einbau", "tischler", "menuis", "bois", "madera"],
    ..HOME_SERVICES
};

pub const GARDENING: BusinessProfile = BusinessProfile {
    key: "gardening",
    label: "Gardens & landscaping",
    schema_type: "HomeAndConstructionBusiness",
    aliases: &["landscaping", "landscaper", "landscape_gardener", "gardener", "gardening", "garden_design", "garden_maintenance", "tree_surgeon", "paysagiste", "jardinier", "gärtner", "gartenbau", "jardinero", "jardinería"],
    offer_heading: "Garden work",
    needs: &["regular upkeep or a one-off transformation", "ideas that suit the space and soil", "a clear quote and a tidy site"],
    questions: &["Which garden jobs are taken on", "Regular maintenance or one-off projects", "How quotes work", "Disposal of green waste"],
    trust: &["photographs of gardens before and after (added by the business)", "insurance", "a clear quoting process"],
    keywords: &["garden maintenance", "landscaping", "planting", "patios", "hedges"],
    hue: 115.0,
    saturation: 0.5,
    layouts: &[Editorial, Banded],
    taglines: &["Gardens looked after, season by season", "Outdoor spaces worth stepping into{place}", "Planted, built and cared for"],
    cues: &["garden", "gardens", "lawn", "lawns", "hedge", "hedges", "landscap", "planting", "patio", "patios", "tree", "trees", "garten", "jardin"],
    ..HOME_SERVICES
};

pub const CLEANING: BusinessProfile = BusinessProfile {
    key: "cleaning",
    label: "Cleaning",
    schema_type: "HomeAndConstructionBusiness",
    aliases: &["cleaning", "cleaner", "cleaners", "domestic_cleaning", "office_cleaning", "end_of_tenancy", "window_cleaning", "carpet_cleaning", "nettoyage", "ménage", "reinigung", "gebäudereinigung", "limpieza"],
    offer_heading: "Cleaning services",
    needs: &["reliable people who turn up when agreed", "knowing what each clean includes", "trust in who comes into the home or office"],
    questions: &["What each clean includes", "Regular or one-off cleans", "Whether products and equipment are brought", "How keys and access are handled"],
    trust: &["insurance", "checks on the people who clean (added by the business)", "a clear list of what each clean covers"],
    keywords: &["cleaning", "regular clean", "deep clean", "end of tenancy", "office cleaning"],
    hue: 185.0,
    saturation: 0.55,
    taglines: &["A clean home without the effort", "Spotless, every visit{place}", "Cleaning you can set your week by"],
    cues: &["clean", "cleans", "cleaning", "cleaner", "ironing", "tenancy", "carpet", "carpets", "windows", "reinig", "limpieza", "nettoy"],
    ..HOME_SERVICES
};

pub const DENTAL: BusinessProfile = BusinessProfile {
    key: "dental",
    label: "Dental practice",
    schema_type: "Dentist",
    aliases: &["dental", "dentist", "dentists", "dental_practice", "dental_clinic", "orthodontist", "orthodontics", "dentiste", "zahnarzt", "zahnarztpraxis", "dentista", "clínica_dental"],
    offer_heading: "Treatments",
    needs: &["an appointment that fits around work and school", "knowing what a treatment involves and costs", "reassurance for nervous patients"],
    questions: &["Whether new patients are accepted", "What each treatment involves", "How fees and payment work", "Help for nervous patients and emergencies"],
    trust: &["the dentists' registration (added by the practice)", "clear treatment descriptions", "photographs of the practice and team"],
    keywords: &["dentist", "check-up", "hygienist", "emergency dental", "new patients"],
    hue: 190.0,
    taglines: &["Calm, careful dentistry{place}", "Healthy smiles for the whole family", "Dental care without the worry"],
    cues: &["dental", "dentist", "teeth", "tooth", "hygien", "invisalign", "orthodont", "whitening", "zahn", "dentaire", "dientes"],
    ..HEALTHCARE
};

pub const PHYSIOTHERAPY: BusinessProfile = BusinessProfile {
    key: "physiotherapy",
    label: "Physiotherapy",
    schema_type: "Physiotherapy",
    aliases: &["physio", "physiotherapy", "physiotherapist", "sports_therapy", "sports_injury", "osteopath", "osteopathy", "chiropractor", "kinésithérapeute", "kiné", "physiotherapeut", "fisioterapia", "fisioterapeuta"],
    offer_heading: "Treatments",
    needs: &["help with pain or an injury soon", "a clear plan and what to do between sessions", "knowing whether a referral is needed"],
    questions: &["Which problems and injuries are treated", "What happens in a first assessment", "Whether a referral is needed", "How appointments are booked and paid for"],
    trust: &["the therapists' professional registration (added by the clinic)", "a clear description of the first assessment", "the approach to treatment and exercise"],
    keywords: &["physiotherapy", "sports injury", "back pain", "assessment", "rehabilitation"],
    hue: 170.0,
    taglines: &["Moving well again", "Treatment that gets you back to what you love{place}", "Assess, treat, recover"],
    cues: &["physio", "injury", "injuries", "rehab", "rehabilitation", "back pain", "sports massage", "mobility", "osteopath", "chiropract", "kiné", "fisio"],
    ..HEALTHCARE
};

pub const VETERINARY: BusinessProfile = BusinessProfile {
    key: "veterinary",
    label: "Veterinary practice",
    schema_type: "VeterinaryCare",
    aliases: &["vet", "vets", "veterinary", "veterinarian", "veterinary_practice", "animal_hospital", "vétérinaire", "tierarzt", "tierarztpraxis", "tierklinik", "veterinario", "veterinaria"],
    offer_heading: "Care for your animal",
    needs: &["an appointment soon when an animal is unwell", "what to do out of hours", "clear costs for routine care"],
    questions: &["Which animals are seen", "Routine care such as vaccinations and neutering", "What to do in an emergency or out of hours", "How fees and payment work"],
    trust: &["the vets' registration (added by the practice)", "a clear out-of-hours arrangement", "photographs of the practice and team"],
    keywords: &["vet", "vaccinations", "neutering", "pet health", "emergency vet"],
    hue: 150.0,
    taglines: &["Caring for the animals you love{place}", "Good care, clearly explained", "Your animal, in safe hands"],
    cues: &["vet", "vets", "veterin", "vaccinat", "neuter", "animal", "animals", "tierarzt", "vétérinaire"],
    ..HEALTHCARE
};

pub const HAIR_SALON: BusinessProfile = BusinessProfile {
    key: "hair_salon",
    label: "Hair salon",
    schema_type: "HairSalon",
    aliases: &["hair", "hair_salon", "hairdresser", "hairdressers", "hairdressing", "salon", "hair_studio", "coiffeur", "coiffure", "salon_de_coiffure", "friseur", "friseursalon", "peluquería", "peluquero"],
    offer_heading: "Cuts and colour",
    needs: &["a stylist who understands their hair type", "booking a time that suits", "knowing how long a service takes and what it costs"],
    questions: &["Which cuts, colours and treatments are offered", "Whether a consultation or patch test is needed", "How booking and cancellation work", "How long each service takes"],
    trust: &["photographs of real clients' hair (added by the salon, with consent)", "the stylists and their specialisms", "clear prices for each service"],
    keywords: &["haircut", "colour", "balayage", "stylist", "book online"],
    hue: 320.0,
    taglines: &["Hair that feels like yours", "Cuts and colour made for you{place}", "Sit back, we have got this"],
    cues: &["hair", "haircut", "haircuts", "cut", "cuts", "colour", "balayage", "blow", "curl", "curly", "stylist", "coiff", "friseur", "peluquer"],
    ..BEAUTY
};

pub const BARBER: BusinessProfile = BusinessProfile {
    key: "barber",
    label: "Barber",
    schema_type: "HairSalon",
    aliases: &["barber", "barbers", "barbershop", "barber_shop", "barbier", "barbería", "herrenfriseur"],
    offer_heading: "Cuts and shaves",
    needs: &["a sharp cut without a long wait", "knowing whether to book or walk in", "a barber who knows the style they want"],
    questions: &["Which cuts and shaves are offered", "Walk-ins or appointments", "How long a cut takes", "Beard trims and hot towel shaves"],
    trust: &["photographs of real cuts (added by the shop)", "the barbers and their styles", "clear prices"],
    keywords: &["barber", "fade", "beard trim", "hot towel shave", "walk-ins"],
    hue: 215.0,
    saturation: 0.45,
    type_style: TypeStyle::Serif,
    layouts: &[Banded, Split],
    taglines: &["Sharp cuts, good conversation", "A proper barber{place}", "Fresh cut, no fuss"],
    cues: &["barber", "beard", "beards", "fade", "fades", "shave", "shaves", "barbier", "barber"],
    ..BEAUTY
};

pub const SPA: BusinessProfile = BusinessProfile {
    key: "spa",
    label: "Spa & massage",
    schema_type: "DaySpa",
    aliases: &["spa", "day_spa", "massage", "massage_therapy", "massage_therapist", "wellness", "wellness_centre", "sauna", "institut_de_beauté", "massagepraxis", "masajes"],
    offer_heading: "Treatments",
    needs: &["time to rest and a calm place", "knowing what each treatment involves", "booking for themselves or as a gift"],
    questions: &["Which treatments are offered and how long they last", "What to bring and what to expect", "Gift vouchers", "How booking and cancellation work"],
    trust: &["the therapists' qualifications (added by the spa)", "photographs of the treatment rooms", "clear descriptions of each treatment"],
    keywords: &["massage", "spa day", "facial", "relaxation", "gift voucher"],
    hue: 160.0,
    saturation: 0.35,
    taglines: &["Time to breathe out{place}", "Rest, restore, return", "Calm, by appointment"],
    cues: &["massage", "massages", "spa", "sauna", "relax", "relaxation", "aromatherapy", "reflexology", "hammam", "wellness", "masaje"],
    ..BEAUTY
};

pub const YOGA_STUDIO: BusinessProfile = BusinessProfile {
    key: "yoga_studio",
    label: "Yoga & Pilates studio",
    schema_type: "SportsActivityLocation",
    aliases: &["yoga", "pilates", "yoga_studio", "pilates_studio", "barre", "meditation", "reformer_pilates", "studio_de_yoga", "yogastudio", "estudio_de_yoga"],
    offer_heading: "Classes",
    needs: &["a class that suits their level", "a timetable that fits the week", "a calm, welcoming room"],
    questions: &["Which classes suit beginners", "The timetable and how to book", "What to bring and wear", "Passes, memberships and drop-in classes"],
    trust: &["the teachers' training (added by the studio)", "a clear timetable", "photographs of the studio"],
    keywords: &["yoga", "pilates", "beginners", "timetable", "class pass"],
    hue: 275.0,
    saturation: 0.35,
    type_style: TypeStyle::Humanist,
    layouts: &[Centered, Editorial],
    taglines: &["Breathe, move, come back to yourself", "Classes for every body{place}", "Find your practice"],
    cues: &["yoga", "pilates", "vinyasa", "hatha", "meditat", "breath", "breathwork", "reformer", "barre", "mat"],
    ..FITNESS
};

pub const RESTAURANT: BusinessProfile = BusinessProfile {
    key: "restaurant",
    label: "Restaurant",
    schema_type: "Restaurant",
    aliases: &["restaurant", "restaurants", "bistro", "brasserie", "trattoria", "osteria", "eatery", "dining", "gasthaus", "gasthof", "restaurante", "taberna"],
    offer_heading: "Menu",
    audiences: &["locals choosing somewhere to eat", "people planning a celebration or a group meal", "visitors looking for a good meal nearby"],
    needs: &["seeing the menu and prices before booking", "reserving a table easily", "dietary and allergen information", "opening times and how to find it"],
    questions: &["What is on the menu", "How to reserve a table", "Dietary needs and allergens", "Groups and private dining"],
    trust: &["the current menu", "photographs of real dishes and the room", "the chef and the kitchen's approach"],
    keywords: &["menu", "book a table", "dinner", "lunch", "seasonal"],
    hue: 8.0,
    saturation: 0.55,
    layouts: &[Editorial, Split],
    taglines: &["Good food, good company{place}", "A table worth booking", "Cooked with care, served with warmth"],
    cues: &["restaurant", "dinner", "dinners", "lunch", "dishes", "chef", "dining", "tasting menu", "wine list", "trattoria", "bistro", "brasserie", "cuisine", "gasthaus"],
    ..FOOD_AND_BEVERAGE
};

pub const BAKERY: BusinessProfile = BusinessProfile {
    key: "bakery",
    label: "Bakery",
    schema_type: "Bakery",
    aliases: &["bakery", "bakeries", "baker", "bakers", "patisserie", "cake_shop", "cake_maker", "boulangerie", "pâtisserie", "bäckerei", "konditorei", "panadería", "pastelería"],
    offer_heading: "What we bake",
    needs: &["knowing what is baked each day", "ordering cakes and bakes ahead", "allergen information"],
    questions: &["What is baked on which days", "Ordering ahead for collection", "Celebration cakes and how far ahead to order", "Allergens and ingredients"],
    keywords: &["bakery", "fresh bread", "cakes", "pastries", "order ahead"],
    hue: 35.0,
    taglines: &["Baked this morning{place}", "Bread worth getting up for", "Baked with care, ready when you are"],
    cues: &["bake", "baked", "baker", "bakery", "bread", "breads", "sourdough", "pastr", "cake", "cakes", "croissant", "loaf", "loaves", "boulang", "bäcker", "panader", "pâtiss"],
    ..FOOD_AND_BEVERAGE
};

pub const HOTEL: BusinessProfile = BusinessProfile {
    key: "hotel",
    label: "Hotel",
    schema_type: "Hotel",
    aliases: &["hotel", "hotels", "boutique_hotel", "inn", "hostel", "aparthotel", "hôtel", "gasthof_hotel", "hostal"],
    offer_heading: "Rooms and stays",
    audiences: &["travellers choosing where to stay", "couples planning a break", "business guests who need a quiet room"],
    needs: &["seeing the rooms before booking", "knowing what is included", "booking direct with clear terms", "how to get there"],
    questions: &["The rooms and what each includes", "Check-in, check-out and cancellation", "Breakfast and dining", "Parking and getting there"],
    trust: &["photographs of the real rooms", "clear booking terms", "the people who run the hotel"],
    keywords: &["rooms", "book direct", "stay", "breakfast", "short break"],
    hue: 215.0,
    saturation: 0.35,
    type_style: TypeStyle::Serif,
    layouts: &[Editorial, Split],
    taglines: &["A good night's stay{place}", "Rest well, wake up somewhere special", "Stay a while"],
    cues: &["hotel", "rooms", "room", "suite", "suites", "stay", "stays", "nights", "check-in", "hôtel"],
    ..HOSPITALITY
};

pub const BAR_PUB: BusinessProfile = BusinessProfile {
    key: "bar_pub",
    label: "Pub & bar",
    schema_type: "BarOrPub",
    aliases: &["pub", "pubs", "bar", "bars", "wine_bar", "cocktail_bar", "gastropub", "tavern", "taproom", "brewery", "bistrot_bar", "kneipe", "weinbar", "bodega"],
    offer_heading: "Drinks and food",
    needs: &["what is on tap and on the menu", "opening times and events", "room for a group"],
    questions: &["What is on tap and on the menu", "Opening times", "Events, quizzes and live music", "Booking a table or space for a group"],
    trust: &["photographs of the bar and garden", "the current menu and drinks list", "a calendar of events"],
    keywords: &["pub", "real ale", "cocktails", "events", "beer garden"],
    hue: 25.0,
    saturation: 0.5,
    type_style: TypeStyle::Serif,
    taglines: &["Pull up a chair{place}", "Good drinks, good company", "Your local, at its best"],
    cues: &["pub", "pint", "pints", "ale", "ales", "beer", "beers", "cocktail", "cocktails", "wine bar", "quiz", "taproom", "brew", "kneipe"],
    ..HOSPITALITY
};

pub const FLORIST: BusinessProfile = BusinessProfile {
    key: "florist",
    label: "Florist",
    schema_type: "Florist",
    aliases: &["florist", "florists", "flowers", "flower_shop", "floristry", "fleuriste", "blumenladen", "florist_shop", "floristería"],
    offer_heading: "Flowers",
    needs: &["flowers for a date or occasion", "knowing delivery and collection options", "help choosing"],
    questions: &["Bouquets and arrangements available", "Delivery and collection", "Flowers for weddings and funerals", "How far ahead to order"],
    trust: &["photographs of real arrangements", "clear delivery terms", "the florist behind the work"],
    keywords: &["flowers", "bouquets", "wedding flowers", "delivery", "seasonal"],
    hue: 340.0,
    taglines: &["Flowers for every moment{place}", "Seasonal flowers, arranged with care", "Say it with something beautiful"],
    cues: &["flower", "flowers", "bouquet", "bouquets", "floral", "bloom", "blooms", "wreath", "fleur", "blumen", "flores"],
    ..RETAIL
};

pub const BIKE_SHOP: BusinessProfile = BusinessProfile {
    key: "bike_shop",
    label: "Bike shop & workshop",
    schema_type: "BikeStore",
    aliases: &["bike_shop", "bike_repair", "bike_workshop", "bicycle", "bicycles", "bicycle_repair", "cycles", "cycle_shop", "bike", "bikes", "vélo", "velo", "atelier_vélo", "fahrrad", "fahrradladen", "fahrradwerkstatt", "bicicletas", "taller_de_bicicletas"],
    offer_heading: "Repairs and servicing",
    needs: &["a repair or service done soon", "a clear price before work starts", "advice on the right bike or part"],
    questions: &["Which repairs and services are done", "How long a repair takes", "Booking the bike in", "Parts and bikes for sale"],
    trust: &["photographs of the workshop", "clear service prices", "the mechanics and their experience"],
    keywords: &["bike repair", "service", "puncture", "cycling", "workshop"],
    hue: 150.0,
    saturation: 0.55,
    type_style: TypeStyle::Sans,
    layouts: &[Split, Banded],
    taglines: &["Back on the road, quickly{place}", "Bikes fixed properly", "Ride more, worry less"],
    cues: &["bike", "bikes", "bicycle", "bicycles", "cycling", "cyclist", "cyclists", "vélo", "vélos", "velo", "fahrrad", "bicicleta", "puncture", "punctures", "gears", "brakes", "freins"],
    ..RETAIL
};

pub const LEGAL: BusinessProfile = BusinessProfile {
    key: "legal",
    label: "Law firm",
    schema_type: "LegalService",
    aliases: &["legal", "law", "law_firm", "lawyer", "lawyers", "solicitor", "solicitors", "attorney", "barrister", "notary", "avocat", "cabinet_d_avocats", "anwalt", "rechtsanwalt", "kanzlei", "abogado", "abogados", "bufete"],
    offer_heading: "Areas of law",
    needs: &["knowing whether the firm handles their kind of matter", "understanding costs before committing", "a first conversation in confidence"],
    questions: &["Whether the firm handles matters like mine", "How fees and funding work", "What happens at a first consultation", "How long a matter usually takes"],
    trust: &["the lawyers' regulation (added by the firm)", "clear information on fees", "the people who will handle the matter"],
    keywords: &["solicitor", "legal advice", "consultation", "fees", "confidential"],
    hue: 225.0,
    taglines: &["Clear advice when it matters most", "On your side, in plain language{place}", "The law, explained and handled"],
    cues: &["law", "legal", "lawyer", "lawyers", "solicitor", "solicitors", "dismissal", "tribunal", "conveyanc", "divorce", "litigation", "probate", "wills", "claims", "avocat", "anwalt", "abogad"],
    ..PROFESSIONAL_SERVICES
};

pub const ACCOUNTING: BusinessProfile = BusinessProfile {
    key: "accounting",
    label: "Accountants",
    schema_type: "AccountingService",
    aliases: &["accounting", "accountant", "accountants", "accountancy", "bookkeeping", "bookkeeper", "tax", "tax_advisor", "tax_adviser", "payroll", "comptable", "expert_comptable", "steuerberater", "steuerberatung", "buchhaltung", "asesoría", "gestoría", "contable"],
    offer_heading: "What we look after",
    needs: &["deadlines met without stress", "knowing what is included in a fee", "an accountant who explains things plainly"],
    questions: &["Which services are offered, from bookkeeping to tax returns", "How fees are set", "Which software is used", "How switching accountant works"],
    trust: &["professional body membership (added by the firm)", "clear fee information", "the people who will look after the accounts"],
    keywords: &["accountant", "tax return", "bookkeeping", "payroll", "small business"],
    hue: 200.0,
    taglines: &["Numbers handled, deadlines met", "Accounts made clear{place}", "Less admin, more business"],
    cues: &["account", "accounts", "accountant", "bookkeep", "tax", "taxes", "payroll", "vat", "self-assessment", "year-end", "steuer", "comptab", "fiscal"],
    ..PROFESSIONAL_SERVICES
};

pub const PHOTOGRAPHY: BusinessProfile = BusinessProfile {
    key: "photography",
    label: "Photographer",
    schema_type: "ProfessionalService",
    aliases: &["photography", "photographer", "photographers", "photo_studio", "wedding_photographer", "portrait_photographer", "videography", "videographer", "photographe", "fotograf", "fotografie", "fotógrafo", "fotografía"],
    offer_heading: "Photography",
    needs: &["seeing the photographer's style", "knowing what a shoot includes", "checking availability for a date"],
    questions: &["The kinds of shoots taken on", "What a package includes", "How and when photographs are delivered", "Checking availability for a date"],
    trust: &["a portfolio of real shoots (added by the photographer)", "clear packages", "the photographer's approach on the day"],
    keywords: &["photographer", "portraits", "weddings", "shoot", "gallery"],
    hue: 260.0,
    saturation: 0.3,
    taglines: &["Moments, kept{place}", "Photographs that feel like you", "Light, people and stories"],
    cues: &["photo", "photos", "photograph", "photographs", "photography", "shoot", "shoots", "portrait", "portraits", "headshot", "headshots", "fotograf", "photographe"],
    ..CREATIVE
};

pub const MARKETING_AGENCY: BusinessProfile = BusinessProfile {
    key: "marketing_agency",
    label: "Marketing & brand agency",
    schema_type: "ProfessionalService",
    aliases: &["marketing", "marketing_agency", "branding", "brand_agency", "agency", "digital_agency", "web_design", "web_agency", "seo", "seo_agency", "social_media_agency", "agence", "werbeagentur", "agentur", "agencia"],
    offer_heading: "What we do for clients",
    needs: &["evidence the agency understands their market", "a clear scope and process", "knowing how results will be judged"],
    questions: &["Which services the agency offers", "How a project or retainer runs", "How results are measured and reported", "How pricing works"],
    trust: &["case studies of real work (added by the agency)", "a clear process", "the team who will do the work"],
    keywords: &["marketing", "branding", "campaigns", "websites", "strategy"],
    hue: 300.0,
    taglines: &["Brands people remember", "Marketing with a point{place}", "Ideas that move people"],
    cues: &["marketing", "brand", "branding", "campaign", "campaigns", "seo", "social media", "advertising", "websites", "agency", "werbung", "agence"],
    ..CREATIVE
};

pub const INTERIOR_DESIGN: BusinessProfile = BusinessProfile {
    key: "interior_design",
    label: "Interior design",
    schema_type: "ProfessionalService",
    aliases: &["interior_design", "interior_designer", "interiors", "interior_architecture", "décoratrice", "architecte_d_intérieur", "innenarchitekt", "innenarchitektur", "interiorismo", "interiorista"],
    offer_heading: "Interiors we design",
    audiences: &["homeowners reworking a room or a whole home", "businesses fitting out a shop, office or restaurant"],
    needs: &["seeing finished rooms in the designer's style", "understanding how a project runs and what it costs", "help with choices of colour, materials and furniture"],
    questions: &["The kinds of rooms and projects taken on", "How a design project runs", "Whether sourcing and installation are handled", "How fees are worked out"],
    trust: &["photographs of finished interiors (added by the studio)", "a clear description of each stage", "the designer's approach"],
    keywords: &["interior design", "renovation", "colour schemes", "furniture", "lighting"],
    hue: 20.0,
    saturation: 0.35,
    type_style: TypeStyle::Serif,
    taglines: &["Rooms that feel like home", "Interiors with intent{place}", "Colour, light and calm"],
    cues: &["interior", "interiors", "furnishing", "styling", "colour scheme", "soft furnishings", "innenarchitekt", "intérieur", "interiorismo"],
    ..ARCHITECTURE
};

pub const DEVELOPER_TOOLS: BusinessProfile = BusinessProfile {
    key: "developer_tools",
    label: "Developer tools",
    schema_type: "Organization",
    aliases: &["developer_tools", "developer_tool", "devtools", "dev_tools", "devops", "cli", "cli_tool", "open_source", "sdk", "api_platform", "developer_platform", "infrastructure_software"],
    offer_heading: "What the tool does",
    audiences: &["developers who want to try a tool before talking to anyone", "engineering teams checking how a tool fits their stack"],
    needs: &["installing it and seeing it work quickly", "knowing what is open source and what is paid", "documentation and source code to read", "how it fits existing workflows and CI"],
    questions: &["How to install it and which platforms it runs on", "What is open source and what is paid", "How it fits into existing workflows and CI", "Where the documentation and source code live"],
    trust: &["public source code and changelog (linked by the project)", "clear documentation", "a licence that says what users may do"],
    competitors: &[
        ck("home-grown scripts", "no new dependency", "a maintained tool with documentation"),
        ck("large platform suites", "everything in one place", "a focused tool that does one job well and stays out of the way"),
    ],
    keywords: &["CLI", "open source", "documentation", "install", "developers"],
    voice: &["precise", "direct", "friendly to developers"],
    voice_guidance: "Show, do not sell: say what the tool does, how to install it, and link the docs and source.",
    hue: 160.0,
    saturation: 0.55,
    taglines: &["Built for the way developers work", "From install to useful, quickly", "Open tools, clear docs"],
    cues: &["cli", "command-line", "command line", "open-source", "open source", "developer", "developers", "github", "sdk", "api", "apis", "terminal", "repository", "devops"],
    ..TECHNOLOGY
};

pub const TUTORING: BusinessProfile = BusinessProfile {
    key: "tutoring",
    label: "Tutoring",
    schema_type: "EducationalOrganization",
    aliases: &["tutoring", "tutor", "tutors", "private_tutor", "private_tutoring", "exam_prep", "exam_preparation", "homework_help", "soutien_scolaire", "cours_particuliers", "nachhilfe", "clases_particulares", "academia"],
    offer_heading: "Subjects and sessions",
    audiences: &["parents looking for help for a child", "students preparing for exams", "adults returning to study"],
    needs: &["a tutor who knows the subject and the exam", "sessions at times that fit", "knowing how progress is followed"],
    questions: &["Which subjects and levels are taught", "In person or online", "How sessions are arranged", "How progress is shared with parents"],
    trust: &["the tutors' subject background (added by the business)", "a clear approach to each session", "safeguarding checks (added by the business)"],
    keywords: &["tutor", "exam preparation", "maths", "English", "online tutoring"],
    hue: 230.0,
    saturation: 0.5,
    taglines: &["Confidence, one session at a time", "Help that makes it click{place}", "Ready for the exam, and beyond"],
    cues: &["tutor", "tutors", "tutoring", "exam", "exams", "gcse", "a-level", "homework", "revision", "maths", "nachhilfe", "soutien scolaire"],
    ..EDUCATION
};

pub const SPORTS_CLUB: BusinessProfile = BusinessProfile {
    key: "sports_club",
    label: "Sports club",
    schema_type: "SportsClub",
    aliases: &["sports_club", "football_club", "running_club", "cycling_club", "climbing_club", "tennis_club", "rowing_club", "cricket_club", "rugby_club", "swimming_club", "athletics_club", "club_sportif", "sportverein", "club_deportivo"],
    offer_heading: "Teams and sessions",
    needs: &["training times and where they happen", "whether there is a team or group at their level", "what joining costs and includes"],
    questions: &["When and where training happens", "Which teams and groups there are", "Whether beginners and juniors can join", "How to come to a first session"],
    trust: &["a clear training calendar", "the coaches and volunteers", "safeguarding for juniors (added by the club)"],
    keywords: &["training", "teams", "juniors", "join the club", "fixtures"],
    hue: 120.0,
    saturation: 0.6,
    type_style: TypeStyle::Sans,
    taglines: &["Train together, play together{place}", "Every level welcome", "Part of the team"],
    cues: &["training sessions", "training nights", "climbing", "bouldering", "league", "fixtures", "juniors", "squad", "teams", "matches", "runs", "sportverein"],
    ..CLUBS
};

pub const EVENT_PLANNING: BusinessProfile = BusinessProfile {
    key: "event_planning",
    label: "Event planner",
    schema_type: "ProfessionalService",
    aliases: &["event_planner", "event_planning", "event_management", "wedding_planner", "wedding_planning", "party_planner", "event_organiser", "organisateur_d_événements", "wedding_planer", "eventplanung", "organizador_de_eventos"],
    offer_heading: "Events we plan",
    audiences: &["couples planning a wedding", "companies planning a conference, launch or party", "families planning a celebration"],
    needs: &["someone to take the planning off their hands", "knowing what is included and how fees work", "confidence that the day will run smoothly"],
    questions: &["Which events are planned", "Full planning or help on the day", "How fees are worked out", "How suppliers and venues are chosen"],
    trust: &["photographs of real events (added by the planner)", "a clear planning process", "the planner's approach on the day"],
    keywords: &["event planning", "weddings", "corporate events", "coordination", "suppliers"],
    hue: 350.0,
    type_style: TypeStyle::Geometric,
    taglines: &["Every detail, looked after", "Your day, planned with care{place}", "Celebrate, we will handle the rest"],
    cues: &["planner", "planning", "coordinat", "organis", "organiz", "suppliers", "on the day", "hochzeitsplan"],
    ..EVENTS
};

/// Every business type, family by family: each family's first profile, then its types.
pub static PROFILES: &[BusinessProfile] = &[
    FOOD_AND_BEVERAGE, RESTAURANT, BAKERY,
    HOSPITALITY, HOTEL, BAR_PUB,
    HEALTHCARE, DENTAL, PHYSIOTHERAPY, VETERINARY,
    CONSULTING,
    PROFESSIONAL_SERVICES, LEGAL, ACCOUNTING,
    NONPROFIT,
    E_COMMERCE,
    TECHNOLOGY, DEVELOPER_TOOLS,
    FITNESS, YOGA_STUDIO,
    BEAUTY, HAIR_SALON, BARBER, SPA,
    PET_SERVICES,
    REAL_ESTATE,
    EDUCATION, TUTORING,
    HOME_SERVICES, PLUMBING, ELECTRICIAN, CARPENTRY, GARDENING, CLEANING,
    CREATIVE, PHOTOGRAPHY, MARKETING_AGENCY,
    ARCHITECTURE, INTERIOR_DESIGN,
    AUTOMOTIVE,
    RETAIL, FLORIST, BIKE_SHOP,
    CLUBS, SPORTS_CLUB,
    EVENTS, EVENT_PLANNING,
];

/// The families, by the key of their first profile, with the name the output uses.
pub static FAMILIES: &[(&str, &str)] = &[
    ("food_and_beverage", "food and drink"),
    ("hospitality", "hospitality"),
    ("healthcare", "health"),
    ("consulting", "consulting"),
    ("professional_services", "professional services"),
    ("nonprofit", "non-profits"),
    ("e-commerce", "online shops"),
    ("technology", "software, SaaS and developer tools"),
    ("fitness", "fitness"),
    ("beauty", "beauty and wellbeing"),
    ("pet_services", "pet care"),
    ("real_estate", "property"),
    ("education", "education"),
    ("home_services", "trades and home services"),
    ("creative", "creative studios"),
    ("architecture", "architecture and design"),
    ("automotive", "automotive"),
    ("retail", "independent shops"),
    ("clubs", "associations and clubs"),
    ("events", "events"),
    ("general", "any business"),
];

/// The name of the family whose key is `family`.
pub fn family_name(family: &str) -> &'static str {
    FAMILIES
        .iter()
        .find(|(k, _)| *k == family)
        .map_or("any business", |(_, name)| name)
}
