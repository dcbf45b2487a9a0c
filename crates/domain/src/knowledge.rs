//! The curated knowledge base: what is generally true of each kind of business and of
//! each website goal. It holds qualitative guidance only: no figures, no statistics,
//! no company or customer names. Everything taken from here is labelled with
//! [`KNOWLEDGE_BASE_SOURCE`].

use serde::{Deserialize, Serialize};

/// The `source` of every claim that comes from this module.
pub const KNOWLEDGE_BASE_SOURCE: &str = "built-in knowledge base";

/// Heading and body typefaces, as system font stacks (no web-font downloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeStyle {
    Serif,
    Sans,
    Humanist,
    Geometric,
    Mono,
}

/// The page layout families the designer chooses from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LayoutFamily {
    Centered,
    Split,
    Editorial,
    Banded,
}

/// A kind of competitor and how such businesses usually present themselves.
#[derive(Debug, Clone, Copy)]
pub struct CompetitorKind {
    pub kind: &'static str,
    pub usual_pitch: &'static str,
    pub opening: &'static str,
}

/// What the knowledge base knows about one type of business.
#[derive(Debug, Clone, Copy)]
pub struct BusinessProfile {
    pub key: &'static str,
    pub label: &'static str,
    /// The schema.org type of the site's JSON-LD for this kind of business.
    pub schema_type: &'static str,
    pub aliases: &'static [&'static str],
    pub offer_heading: &'static str,
    pub audiences: &'static [&'static str],
    pub needs: &'static [&'static str],
    pub questions: &'static [&'static str],
    pub trust: &'static [&'static str],
    pub competitors: &'static [CompetitorKind],
    pub keywords: &'static [&'static str],
    pub voice: &'static [&'static str],
    pub voice_guidance: &'static str,
    pub hue: f64,
    pub saturation: f64,
    pub type_style: TypeStyle,
    pub layouts: &'static [LayoutFamily],
    pub taglines: &'static [&'static str],
}

use LayoutFamily::*;

const fn ck(
    kind: &'static str,
    usual_pitch: &'static str,
    opening: &'static str,
) -> CompetitorKind {
    CompetitorKind {
        kind,
        usual_pitch,
        opening,
    }
}

pub static PROFILES: &[BusinessProfile] = &[
    BusinessProfile {
        key: "food_and_beverage",
        label: "Food & drink",
        schema_type: "FoodEstablishment",
        aliases: &["food", "bakery", "restaurant", "cafe", "catering", "takeaway", "bar", "deli", "food_beverage", "patisserie"],
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
    },
    BusinessProfile {
        key: "hospitality",
        label: "Hospitality",
        schema_type: "CafeOrCoffeeShop",
        aliases: &["coffee", "coffee_shop", "hotel", "guesthouse", "bnb", "pub", "venue", "tea_room", "cafe_bar"],
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
    },
    BusinessProfile {
        key: "healthcare",
        label: "Healthcare",
        schema_type: "MedicalBusiness",
        aliases: &["dental", "dentist", "clinic", "medical", "physio", "physiotherapy", "therapy", "optician", "pharmacy", "doctor", "veterinary", "vet"],
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
    },
    BusinessProfile {
        key: "consulting",
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
    },
    BusinessProfile {
        key: "professional_services",
        label: "Professional services",
        schema_type: "ProfessionalService",
        aliases: &["legal", "law", "law_firm", "lawyer", "solicitor", "accounting", "accountant", "finance", "tax", "insurance", "architect"],
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
    },
    BusinessProfile {
        key: "nonprofit",
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
    },
    BusinessProfile {
        key: "e-commerce",
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
    },
    BusinessProfile {
        key: "technology",
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
    },
    BusinessProfile {
        key: "fitness",
        label: "Fitness",
        schema_type: "SportsActivityLocation",
        aliases: &["gym", "yoga", "pilates", "personal_training", "sports", "martial_arts", "dance"],
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
    },
    BusinessProfile {
        key: "beauty",
        label: "Beauty & wellbeing",
        schema_type: "HealthAndBeautyBusiness",
        aliases: &["salon", "hair", "barber", "spa", "nails", "beauty_salon", "wellness", "massage", "skincare"],
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
    },
    BusinessProfile {
        key: "pet_services",
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
    },
    BusinessProfile {
        key: "real_estate",
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
    },
    BusinessProfile {
        key: "education",
        label: "Education",
        schema_type: "EducationalOrganization",
        aliases: &["school", "tutoring", "tutor", "courses", "training", "academy", "nursery", "language_school", "childcare"],
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
    },
    BusinessProfile {
        key: "home_services",
        label: "Home services",
        schema_type: "HomeAndConstructionBusiness",
        aliases: &["construction", "builder", "plumber", "plumbing", "electrician", "trades", "cleaning", "landscaping", "roofing", "handyman", "renovation", "carpentry", "carpenter", "joinery", "joiner", "heating", "decorator", "locksmith"],
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
    },
    BusinessProfile {
        key: "creative",
        label: "Creative studio",
        schema_type: "ProfessionalService",
        aliases: &["design", "photography", "photographer", "studio", "agency", "marketing", "branding", "video", "art", "music"],
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
    },
    BusinessProfile {
        key: "automotive",
        label: "Automotive",
        schema_type: "AutomotiveBusiness",
        aliases: &["garage", "car", "mechanic", "car_repair", "auto", "dealership", "bike_shop", "motorcycle"],
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
    },
    BusinessProfile {
        key: "retail",
        label: "Independent shop",
        schema_type: "Store",
        aliases: &["boutique", "shop_local", "bookshop", "florist", "gift_shop", "hardware", "grocer", "market", "bike_shop", "bike_repair", "bicycle", "bicycles", "cycles", "cycle_shop"],
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
    },
];

/// The profile used when a business type matches nothing more specific.
pub static GENERAL: BusinessProfile = BusinessProfile {
    key: "general",
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
};

/// What a website's call to action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CtaKind {
    Lead,
    /// A phone call: a `tel:` link when the brief gives a number, else a call-back form.
    Call,
    Booking,
    Order,
    Donation,
    Purchase,
    Visit,
    Signup,
}

/// What the knowledge base knows about one website goal.
#[derive(Debug, Clone, Copy)]
pub struct GoalProfile {
    pub key: &'static str,
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: CtaKind,
    pub cta: &'static str,
    pub section_heading: &'static str,
    pub steps: [&'static str; 3],
    pub events: &'static [&'static str],
    /// The layout family that suits this goal best, used when the business type offers
    /// it: a split hero keeps booking details beside the pitch; a banded hero makes a
    /// donation appeal the first thing seen.
    pub layout: Option<LayoutFamily>,
}

pub static GOALS: &[GoalProfile] = &[
    GoalProfile {
        key: "lead_generation",
        label: "Lead generation",
        aliases: &[
            "leads",
            "lead",
            "enquiries",
            "inquiries",
            "contact",
            "consultations",
            "quotes",
        ],
        kind: CtaKind::Lead,
        cta: "Request a consultation",
        section_heading: "Start the conversation",
        steps: [
            "Tell us about your situation",
            "We reply to arrange a first conversation",
            "You decide, with no obligation",
        ],
        events: &[
            "cta_click",
            "lead_form_submit",
            "phone_click",
            "email_click",
        ],
        layout: None,
    },
    GoalProfile {
        key: "phone_calls",
        label: "Phone calls",
        aliases: &[
            "calls",
            "call",
            "phone",
            "phone_call",
            "callbacks",
            "call_backs",
            "emergency_calls",
        ],
        kind: CtaKind::Call,
        cta: "Call us",
        section_heading: "Call us",
        steps: [
            "Call the number on this page",
            "Say what you need and where",
            "Agree the next step together",
        ],
        events: &["phone_click", "cta_click", "callback_form_submit"],
        layout: None,
    },
    GoalProfile {
        key: "appointment_booking",
        label: "Appointment booking",
        aliases: &[
            "booking",
            "bookings",
            "appointments",
            "reservations",
            "reservation",
            "book",
        ],
        kind: CtaKind::Booking,
        cta: "Book an appointment",
        section_heading: "Book your appointment",
        steps: [
            "Choose what you need",
            "Suggest a day and time",
            "We confirm your appointment",
        ],
        events: &["cta_click", "booking_form_submit", "phone_click"],
        layout: Some(Split),
    },
    GoalProfile {
        key: "online_orders",
        label: "Online orders",
        aliases: &[
            "orders",
            "ordering",
            "pre_orders",
            "preorders",
            "takeaway_orders",
            "order",
        ],
        kind: CtaKind::Order,
        cta: "Place an order",
        section_heading: "Order ahead",
        steps: [
            "Tell us what you would like",
            "Choose a collection day",
            "We confirm your order",
        ],
        events: &["cta_click", "order_form_submit", "phone_click"],
        layout: None,
    },
    GoalProfile {
        key: "donations",
        label: "Donations",
        aliases: &[
            "donate",
            "fundraising",
            "giving",
            "donors",
            "volunteers",
            "volunteering",
        ],
        kind: CtaKind::Donation,
        cta: "Support our work",
        section_heading: "Support our work",
        steps: [
            "Choose how you want to help",
            "Tell us how to reach you",
            "We confirm and keep you updated",
        ],
        events: &["cta_click", "donation_form_submit", "volunteer_click"],
        layout: Some(Banded),
    },
    GoalProfile {
        key: "conversion_rate",
        label: "Online sales",
        aliases: &[
            "sales",
            "purchase",
            "purchases",
            "ecommerce_sales",
            "revenue",
            "conversions",
            "conversion",
            "buy",
        ],
        kind: CtaKind::Purchase,
        cta: "Shop now",
        section_heading: "Order from us",
        steps: [
            "Pick what you need",
            "Tell us where to send it",
            "We confirm availability and delivery",
        ],
        events: &["cta_click", "product_click", "order_form_submit"],
        layout: None,
    },
    GoalProfile {
        key: "foot_traffic",
        label: "Visits",
        aliases: &[
            "visits",
            "visitors",
            "footfall",
            "walk_ins",
            "store_visits",
            "awareness",
            "brand_awareness",
        ],
        kind: CtaKind::Visit,
        cta: "Plan your visit",
        section_heading: "Plan your visit",
        steps: [
            "See what is on",
            "Check when we are open",
            "Come and see us",
        ],
        events: &["cta_click", "directions_click", "visit_question_submit"],
        layout: None,
    },
    GoalProfile {
        key: "signups",
        label: "Sign-ups",
        aliases: &[
            "signup",
            "sign_up",
            "subscribers",
            "newsletter",
            "trial",
            "trials",
            "registrations",
            "waitlist",
            "demo",
            "demos",
        ],
        kind: CtaKind::Signup,
        cta: "Sign up",
        section_heading: "Get started",
        steps: [
            "Leave your email",
            "We send you what you asked for",
            "Unsubscribe any time",
        ],
        events: &["cta_click", "signup_form_submit"],
        layout: None,
    },
];

/// The goal used when a primaryGoal matches nothing more specific.
pub static GENERAL_GOAL: GoalProfile = GoalProfile {
    key: "general",
    label: "Enquiries",
    aliases: &[],
    kind: CtaKind::Lead,
    cta: "Get in touch",
    section_heading: "Get in touch",
    steps: [
        "Tell us what you need",
        "We reply by email",
        "We agree the next step together",
    ],
    events: &["cta_click", "lead_form_submit"],
    layout: None,
};

/// How a requested key was matched to the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub requested: String,
    pub resolved: String,
    /// `exact`, `alias`, `closest` or `general`.
    pub matched_by: String,
}

fn normalise(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

fn resolve<'a, T>(
    requested: &str,
    items: &'a [T],
    general: &'a T,
    key: impl Fn(&T) -> &'static str,
    aliases: impl Fn(&T) -> &'static [&'static str],
) -> (&'a T, Resolution) {
    let wanted = normalise(requested);
    let result = |item: &'a T, how: &str| {
        (
            item,
            Resolution {
                requested: requested.to_string(),
                resolved: key(item).to_string(),
                matched_by: how.to_string(),
            },
        )
    };
    if let Some(item) = items.iter().find(|i| normalise(key(i)) == wanted) {
        return result(item, "exact");
    }
    if let Some(item) = items
        .iter()
        .find(|i| aliases(i).iter().any(|a| normalise(a) == wanted))
    {
        return result(item, "alias");
    }
    let tokens: Vec<&str> = wanted.split('_').filter(|t| t.len() > 2).collect();
    let score = |item: &T| {
        let mut words: Vec<String> = vec![normalise(key(item))];
        words.extend(aliases(item).iter().map(|a| normalise(a)));
        tokens
            .iter()
            .filter(|t| {
                words.iter().any(|w| {
                    w.split('_')
                        .any(|p| p == **t || (p.len() > 3 && t.starts_with(p)))
                })
            })
            .count()
    };
    let mut best: Option<(usize, &'a T)> = None;
    for item in items {
        let s = score(item);
        if s > 0 && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, item));
        }
    }
    match best {
        Some((_, item)) => result(item, "closest"),
        None => result(general, "general"),
    }
}

/// Maps a brief's businessType to a profile (exact, alias, closest, else general).
pub fn business_profile(business_type: &str) -> (&'static BusinessProfile, Resolution) {
    resolve(business_type, PROFILES, &GENERAL, |p| p.key, |p| p.aliases)
}

/// Maps a brief's primaryGoal to a goal profile (exact, alias, closest, else general).
pub fn goal_profile(primary_goal: &str) -> (&'static GoalProfile, Resolution) {
    resolve(primary_goal, GOALS, &GENERAL_GOAL, |g| g.key, |g| g.aliases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_exact_alias_closest_and_general() {
        assert_eq!(business_profile("healthcare").1.matched_by, "exact");
        let (p, r) = business_profile("Dental");
        assert_eq!((p.key, r.matched_by.as_str()), ("healthcare", "alias"));
        let (p, r) = business_profile("artisan bakery shop");
        assert_eq!(r.matched_by, "closest");
        assert_eq!(p.key, "food_and_beverage");
        assert_eq!(business_profile("zzz").1.matched_by, "general");
        assert_eq!(goal_profile("Book").0.key, "appointment_booking");
        assert_eq!(goal_profile("qqq").0.key, "general");
    }

    #[test]
    fn the_knowledge_base_has_no_figures() {
        assert!(PROFILES.len() >= 12);
        for p in PROFILES.iter().chain([&GENERAL]) {
            let all = [
                p.needs,
                p.questions,
                p.trust,
                p.audiences,
                p.taglines,
                p.keywords,
            ]
            .concat()
            .join(" ")
                + p.voice_guidance;
            assert!(
                !all.chars().any(|c| c.is_ascii_digit()),
                "{} contains a digit",
                p.key
            );
            assert!(!all.contains('%'), "{}", p.key);
        }
    }
}
