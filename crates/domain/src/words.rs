//! Every built-in string a site shows, in each language of [`Language`]: navigation,
//! headings, forms, contact labels, answers' frames, the privacy, 404 and thank-you pages.
//! The brief's own text is never translated. English also has the knowledge base's
//! per-type wording (`knowledge.rs`); other languages use the per-kind wording here and
//! the per-type names in [`type_names`].
//!
//! Templates hold `{name}`, `{phone}` or `{place}`; [`fill`] puts the values in.

use crate::brief::Language;
use crate::knowledge::{BusinessProfile, CtaKind};

/// The words of one language. Arrays indexed by [`kind_index`] follow [`CtaKind`]'s order:
/// Lead, Call, Booking, Order, Donation, Purchase, Visit, Signup.
pub struct Words {
    pub skip: &'static str,
    pub nav_label: &'static str,
    pub privacy_link: &'static str,
    pub see_offer: &'static str,
    pub how_it_works: &'static str,
    /// The about page's title (`{name}` filled), the contact page's, and "Home" in
    /// breadcrumbs.
    pub about_title: &'static str,
    pub about_nav: &'static str,
    pub contact_title: &'static str,
    pub home_label: &'static str,
    /// The title over the call to action's steps beside the hero (`{cta}` filled).
    pub steps_title: &'static str,
    pub faq_heading: &'static str,
    pub good_to_know: &'static str,
    pub credentials_label: &'static str,
    /// The heading of the pricing note: what the description says about prices.
    pub pricing_label: &'static str,
    pub elsewhere_label: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub address: &'static str,
    pub hours: &'static str,
    pub area: &'static str,
    pub map: &'static str,
    pub your_name: &'static str,
    pub your_phone: &'static str,
    pub phone_optional: &'static str,
    pub good_time: &'static str,
    pub what_need_optional: &'static str,
    pub how_help: &'static str,
    pub what_need: &'static str,
    pub preferred_day: &'static str,
    pub preferred_time: &'static str,
    /// The legend of an order form's quantity per offering.
    pub how_many: &'static str,
    /// The legend of a signup form's choice among the offerings (plans, memberships).
    pub choose_plan: &'static str,
    pub anything_optional: &'static str,
    pub what_like: &'static str,
    pub order_details: &'static str,
    pub collection_day: &'static str,
    pub help_how: &'static str,
    pub help_options: [&'static str; 3],
    pub message_optional: &'static str,
    pub delivery: &'static str,
    pub your_question: &'static str,
    pub something_else: &'static str,
    /// The form's note, around the link to the privacy notice: before, link text, after.
    pub hint: [&'static str; 3],
    pub call_back: &'static str,
    pub call_label: &'static str,
    pub intro_call_phone: &'static str,
    pub intro_call: &'static str,
    pub intro_visit_place: &'static str,
    /// The contact section's lead, by kind (Call's is `intro_call*`).
    pub intros: [&'static str; 8],
    pub cta_labels: [&'static str; 8],
    pub contact_headings: [&'static str; 8],
    pub steps: [[&'static str; 3]; 8],
    /// After each offering (the link under the offerings, then a card's lines, used in
    /// turn so neighbouring cards differ), by kind.
    pub offer_ask: [&'static str; 8],
    pub offer_lines: [&'static [&'static str]; 8],
    pub taglines: [&'static str; 3],
    pub q_open: &'static str,
    pub q_where: &'static str,
    pub q_work: &'static str,
    pub a_work: &'static str,
    pub q_cost: &'static str,
    pub q_before: &'static str,
    pub q_reach: &'static str,
    pub a_reach_phone: &'static str,
    pub a_reach: &'static str,
    /// How the call to action works, by kind: question, answer ("" for none).
    pub how_to: [(&'static str, &'static str); 8],
    pub privacy_title: &'static str,
    /// The privacy notice's paragraphs and headings, in order (`{name}` filled).
    pub privacy: [&'static str; 7],
    pub privacy_contact: [&'static str; 3],
    pub not_found_title: &'static str,
    pub not_found: &'static str,
    pub not_found_button: &'static str,
    pub thanks_title: &'static str,
    pub thanks: &'static str,
    pub thanks_button: &'static str,
}

/// The index of a kind in the per-kind arrays.
pub fn kind_index(kind: CtaKind) -> usize {
    match kind {
        CtaKind::Lead => 0,
        CtaKind::Call => 1,
        CtaKind::Booking => 2,
        CtaKind::Order => 3,
        CtaKind::Donation => 4,
        CtaKind::Purchase => 5,
        CtaKind::Visit => 6,
        CtaKind::Signup => 7,
    }
}

/// Puts `name`, `phone` and `place` into a template.
pub fn fill(template: &str, name: &str, phone: &str, place: &str) -> String {
    template
        .replace("{name}", name)
        .replace("{phone}", phone)
        .replace("{place}", place)
}

/// The words of `language`.
pub fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Fr => &FR,
        Language::De => &DE,
        Language::Es => &ES,
    }
}

/// A business type's label and offer heading in a language other than English: its
/// own, else its family's; `None` for English (the knowledge base's own wording).
pub fn type_names(
    language: Language,
    profile: &BusinessProfile,
) -> Option<(&'static str, &'static str)> {
    let column = match language {
        Language::En => return None,
        Language::Fr => 0,
        Language::De => 1,
        Language::Es => 2,
    };
    TYPE_NAMES
        .iter()
        .find(|(k, _)| *k == profile.key)
        .or_else(|| TYPE_NAMES.iter().find(|(k, _)| *k == profile.family))
        .or_else(|| TYPE_NAMES.iter().find(|(k, _)| *k == "general"))
        .map(|(_, names)| names[column])
}

type Names = (&'static str, &'static str);

/// (label, offer heading) in French, German and Spanish.
static TYPE_NAMES: &[(&str, [Names; 3])] = &[
    (
        "food_and_beverage",
        [
            ("Alimentation", "Ce que nous préparons"),
            ("Essen & Trinken", "Was wir machen"),
            ("Comida y bebida", "Lo que preparamos"),
        ],
    ),
    (
        "hospitality",
        [
            ("Café & accueil", "Ce que vous trouverez ici"),
            ("Gastgewerbe", "Was Sie bei uns finden"),
            ("Hostelería", "Lo que encontrarás aquí"),
        ],
    ),
    (
        "healthcare",
        [
            ("Santé", "Nos soins"),
            ("Gesundheit", "Unsere Behandlungen"),
            ("Salud", "Nuestros tratamientos"),
        ],
    ),
    (
        "consulting",
        [
            ("Conseil", "Nos missions"),
            ("Beratung", "Unsere Leistungen"),
            ("Consultoría", "Nuestros servicios"),
        ],
    ),
    (
        "professional_services",
        [
            ("Services professionnels", "Nos domaines"),
            ("Dienstleistungen", "Unsere Leistungen"),
            ("Servicios profesionales", "Nuestras áreas"),
        ],
    ),
    (
        "nonprofit",
        [
            ("Association", "Nos actions"),
            ("Gemeinnützig", "Was wir tun"),
            ("Sin ánimo de lucro", "Lo que hacemos"),
        ],
    ),
    (
        "e-commerce",
        [
            ("Boutique en ligne", "Nos produits"),
            ("Onlineshop", "Unsere Produkte"),
            ("Tienda online", "Nuestros productos"),
        ],
    ),
    (
        "technology",
        [
            ("Logiciel", "Le produit"),
            ("Software", "Das Produkt"),
            ("Software", "El producto"),
        ],
    ),
    (
        "fitness",
        [
            ("Sport & forme", "Nos cours"),
            ("Fitness", "Unsere Kurse"),
            ("Deporte", "Nuestras clases"),
        ],
    ),
    (
        "beauty",
        [
            ("Beauté & bien-être", "Nos prestations"),
            ("Schönheit & Wohlbefinden", "Unsere Behandlungen"),
            ("Belleza y bienestar", "Nuestros servicios"),
        ],
    ),
    (
        "pet_services",
        [
            ("Soins des animaux", "Pour votre animal"),
            ("Tierpflege", "Für Ihr Tier"),
            ("Cuidado de mascotas", "Para tu mascota"),
        ],
    ),
    (
        "real_estate",
        [
            ("Immobilier", "Nos services"),
            ("Immobilien", "Unsere Leistungen"),
            ("Inmobiliaria", "Nuestros servicios"),
        ],
    ),
    (
        "education",
        [
            ("Enseignement", "Nos cours"),
            ("Bildung", "Unser Angebot"),
            ("Formación", "Nuestros cursos"),
        ],
    ),
    (
        "home_services",
        [
            ("Artisan", "Nos prestations"),
            ("Handwerk", "Unsere Arbeiten"),
            ("Oficios y reformas", "Nuestros trabajos"),
        ],
    ),
    (
        "creative",
        [
            ("Studio créatif", "Nos réalisations"),
            ("Kreativstudio", "Unsere Arbeiten"),
            ("Estudio creativo", "Nuestro trabajo"),
        ],
    ),
    (
        "automotive",
        [
            ("Automobile", "Nos services"),
            ("Auto & Werkstatt", "Unsere Leistungen"),
            ("Automoción", "Nuestros servicios"),
        ],
    ),
    (
        "retail",
        [
            ("Commerce", "En boutique"),
            ("Einzelhandel", "Im Laden"),
            ("Comercio", "En la tienda"),
        ],
    ),
    (
        "architecture",
        [
            ("Architecture", "Nos projets"),
            ("Architektur", "Unsere Projekte"),
            ("Arquitectura", "Nuestros proyectos"),
        ],
    ),
    (
        "clubs",
        [
            ("Club & association", "Nos activités"),
            ("Verein", "Was wir machen"),
            ("Club y asociación", "Nuestras actividades"),
        ],
    ),
    (
        "events",
        [
            ("Lieu de réception", "Espaces et événements"),
            ("Eventlocation", "Räume und Anlässe"),
            ("Espacio para eventos", "Espacios y eventos"),
        ],
    ),
    (
        "plumbing",
        [
            ("Plomberie & chauffage", "Plomberie et chauffage"),
            ("Sanitär & Heizung", "Sanitär und Heizung"),
            ("Fontanería y calefacción", "Fontanería y calefacción"),
        ],
    ),
    (
        "electrician",
        [
            ("Électricien", "Travaux d'électricité"),
            ("Elektriker", "Elektroarbeiten"),
            ("Electricista", "Trabajos eléctricos"),
        ],
    ),
    (
        "carpentry",
        [
            ("Menuiserie", "Ce que nous fabriquons et posons"),
            ("Schreinerei", "Was wir bauen und einbauen"),
            ("Carpintería", "Lo que fabricamos y montamos"),
        ],
    ),
    (
        "gardening",
        [
            ("Jardins & paysage", "Travaux de jardin"),
            ("Garten & Landschaft", "Gartenarbeiten"),
            ("Jardinería y paisajismo", "Trabajos de jardín"),
        ],
    ),
    (
        "cleaning",
        [
            ("Nettoyage", "Nos prestations de ménage"),
            ("Reinigung", "Unsere Reinigung"),
            ("Limpieza", "Servicios de limpieza"),
        ],
    ),
    (
        "dental",
        [
            ("Cabinet dentaire", "Nos soins"),
            ("Zahnarztpraxis", "Unsere Behandlungen"),
            ("Clínica dental", "Nuestros tratamientos"),
        ],
    ),
    (
        "physiotherapy",
        [
            ("Kinésithérapie", "Nos soins"),
            ("Physiotherapie", "Unsere Behandlungen"),
            ("Fisioterapia", "Nuestros tratamientos"),
        ],
    ),
    (
        "veterinary",
        [
            ("Clinique vétérinaire", "Soins pour votre animal"),
            ("Tierarztpraxis", "Für Ihr Tier"),
            ("Clínica veterinaria", "Cuidados para tu animal"),
        ],
    ),
    (
        "hair_salon",
        [
            ("Salon de coiffure", "Coupes et couleurs"),
            ("Friseursalon", "Schnitt und Farbe"),
            ("Peluquería", "Cortes y color"),
        ],
    ),
    (
        "barber",
        [
            ("Barbier", "Coupes et rasages"),
            ("Barbier", "Schnitt und Rasur"),
            ("Barbería", "Cortes y afeitado"),
        ],
    ),
    (
        "spa",
        [
            ("Spa & massage", "Nos soins"),
            ("Spa & Massage", "Unsere Anwendungen"),
            ("Spa y masajes", "Nuestros tratamientos"),
        ],
    ),
    (
        "yoga_studio",
        [
            ("Studio de yoga & Pilates", "Nos cours"),
            ("Yoga- & Pilates-Studio", "Unsere Kurse"),
            ("Estudio de yoga y pilates", "Nuestras clases"),
        ],
    ),
    (
        "restaurant",
        [
            ("Restaurant", "La carte"),
            ("Restaurant", "Speisekarte"),
            ("Restaurante", "La carta"),
        ],
    ),
    (
        "bakery",
        [
            ("Boulangerie", "Ce que nous cuisons"),
            ("Bäckerei", "Was wir backen"),
            ("Panadería", "Lo que horneamos"),
        ],
    ),
    (
        "hotel",
        [
            ("Hôtel", "Chambres et séjours"),
            ("Hotel", "Zimmer und Aufenthalte"),
            ("Hotel", "Habitaciones y estancias"),
        ],
    ),
    (
        "bar_pub",
        [
            ("Bar & pub", "À boire et à manger"),
            ("Kneipe & Bar", "Getränke und Essen"),
            ("Bar", "Bebidas y comida"),
        ],
    ),
    (
        "florist",
        [
            ("Fleuriste", "Nos fleurs"),
            ("Blumenladen", "Unsere Blumen"),
            ("Floristería", "Nuestras flores"),
        ],
    ),
    (
        "bike_shop",
        [
            ("Atelier vélo", "Réparations et entretien"),
            ("Fahrradwerkstatt", "Reparatur und Service"),
            ("Taller de bicicletas", "Reparaciones y mantenimiento"),
        ],
    ),
    (
        "legal",
        [
            ("Cabinet d'avocats", "Nos domaines d'intervention"),
            ("Anwaltskanzlei", "Unsere Rechtsgebiete"),
            ("Despacho de abogados", "Nuestras áreas"),
        ],
    ),
    (
        "accounting",
        [
            ("Cabinet comptable", "Ce que nous prenons en charge"),
            ("Steuerberatung", "Was wir übernehmen"),
            ("Asesoría contable", "Lo que gestionamos"),
        ],
    ),
    (
        "photography",
        [
            ("Photographe", "Photographie"),
            ("Fotografie", "Fotografie"),
            ("Fotografía", "Fotografía"),
        ],
    ),
    (
        "marketing_agency",
        [
            (
                "Agence de communication",
                "Ce que nous faisons pour nos clients",
            ),
            ("Agentur", "Was wir für Kunden tun"),
            (
                "Agencia de marketing",
                "Lo que hacemos por nuestros clientes",
            ),
        ],
    ),
    (
        "interior_design",
        [
            ("Architecture d'intérieur", "Nos intérieurs"),
            ("Innenarchitektur", "Unsere Räume"),
            ("Interiorismo", "Nuestros interiores"),
        ],
    ),
    (
        "developer_tools",
        [
            ("Outils pour développeurs", "Ce que fait l'outil"),
            ("Entwicklerwerkzeuge", "Was das Werkzeug kann"),
            (
                "Herramientas para desarrolladores",
                "Lo que hace la herramienta",
            ),
        ],
    ),
    (
        "tutoring",
        [
            ("Soutien scolaire", "Matières et séances"),
            ("Nachhilfe", "Fächer und Stunden"),
            ("Clases particulares", "Materias y clases"),
        ],
    ),
    (
        "sports_club",
        [
            ("Club sportif", "Équipes et entraînements"),
            ("Sportverein", "Mannschaften und Training"),
            ("Club deportivo", "Equipos y entrenamientos"),
        ],
    ),
    (
        "event_planning",
        [
            (
                "Organisation d'événements",
                "Les événements que nous organisons",
            ),
            ("Eventplanung", "Anlässe, die wir planen"),
            ("Organización de eventos", "Eventos que organizamos"),
        ],
    ),
    (
        "general",
        [
            ("Entreprise locale", "Ce que nous proposons"),
            ("Lokales Unternehmen", "Unser Angebot"),
            ("Negocio local", "Lo que ofrecemos"),
        ],
    ),
];

pub static EN: Words = Words {
    skip: "Skip to content",
    nav_label: "Main",
    privacy_link: "Privacy notice",
    see_offer: "See {offer}",
    how_it_works: "How it works",
    about_title: "About {name}",
    about_nav: "About",
    contact_title: "Contact",
    home_label: "Home",
    steps_title: "How to {cta}",
    faq_heading: "Questions and answers",
    good_to_know: "Good to know",
    credentials_label: "Credentials",
    pricing_label: "Prices",
    elsewhere_label: "Elsewhere",
    phone: "Phone",
    email: "Email",
    address: "Address",
    hours: "Opening hours",
    area: "Area",
    map: "Show on a map",
    your_name: "Your name",
    your_phone: "Your phone number",
    phone_optional: "Phone (optional)",
    good_time: "A good time to call (optional)",
    what_need_optional: "What do you need? (optional)",
    how_help: "How can we help?",
    what_need: "What do you need?",
    preferred_day: "Preferred day",
    preferred_time: "Preferred time",
    how_many: "How many of each",
    choose_plan: "Choose a plan",
    anything_optional: "Anything we should know? (optional)",
    what_like: "What would you like?",
    order_details: "Order details",
    collection_day: "Collection day",
    help_how: "How would you like to help?",
    help_options: ["Make a donation", "Volunteer", "Both"],
    message_optional: "Message (optional)",
    delivery: "Delivery address and any questions",
    your_question: "Your question",
    something_else: "Something else",
    hint: ["Your details are used only to reply to you. See the ", "privacy notice", "."],
    call_back: "Ask for a call back",
    call_label: "Call {phone}",
    intro_call_phone: "Call {phone}, or leave your number and {name} will call you back.",
    intro_call: "Leave your number and a good time to call, and {name} will call you back.",
    intro_visit_place: "Find us in {place}. Send a question before you visit and you will get a reply by email.",
    intros: [
        "Tell {name} a little about what you need and you will get a reply by email.",
        "",
        "Suggest a time and what you need; the appointment is confirmed by reply.",
        "Send your order with a collection day; it is confirmed by reply.",
        "Tell {name} how you would like to help and you will get a reply with the next step.",
        "Choose what you would like and where it should go; availability and delivery are confirmed by reply.",
        "Send a question before you visit and you will get a reply by email.",
        "Leave your email to hear from {name}.",
    ],
    // English takes these from the knowledge base (per goal and per type).
    cta_labels: ["", "", "", "", "", "", "", ""],
    contact_headings: ["", "", "", "", "", "", "", ""],
    steps: [[""; 3]; 8],
    offer_ask: [
        "Ask us how this could work for you",
        "Call to ask about it",
        "Ask for it when you book",
        "Include it in your order",
        "Help us do more of this",
        "Ask about it in your order",
        "Ask about it on your visit",
        "Sign up to hear more",
    ],
    offer_lines: [
        &["Ask how this could work for you.", "Describe your situation in the form below.", "Start with a short conversation."],
        &["Call to ask about it.", "Ask about it when you call.", "Say what you need when you call."],
        &["Choose it in the booking form.", "Ask about it when you book.", "Mention it when you suggest a time."],
        &["Add it to your order and pick a collection day.", "Ask for it in the order form.", "Order ahead so it is ready for you."],
        &["Donate or volunteer to keep this going.", "Ask how you can take part.", "Your support makes this possible."],
        &["Choose it in the order form.", "Ask about sizes, details and availability.", "Tell us where to send it."],
        &["Come and see it for yourself.", "Ask about it on your visit.", "Send a question before you come."],
        &["Sign up to start with it.", "Choose it when you sign up.", "Sign up and get started."],
    ],
    taglines: ["", "", ""],
    q_open: "When are you open?",
    q_where: "Where is {name}?",
    q_work: "Where does {name} work?",
    a_work: "In {place}",
    q_cost: "What does it cost?",
    q_before: "What should I know before choosing {name}?",
    q_reach: "How do I reach {name}?",
    a_reach_phone: "Call {phone}. You can also ask for a call back with the form on this page.",
    a_reach: "Leave your number with the call-back form on this page.",
    how_to: [
        ("", ""),
        ("", ""),
        ("How do I book?", "Use the booking form on this page: choose what you need and suggest a day. The appointment is confirmed by reply."),
        ("How do I order?", "Send the order form on this page with what you would like and a collection day. The order is confirmed by reply."),
        ("How can I help?", "Use the form on this page to say whether you would like to donate, volunteer or both, and you will get a reply with the next step."),
        ("How do I buy?", "Send the order form on this page with what you would like and where it should go. Availability and delivery are confirmed by reply."),
        ("", ""),
        ("How do I sign up?", "Leave your email address in the form on this page."),
    ],
    privacy_title: "Privacy notice",
    privacy: [
        "This notice explains what {name} learns when you use this website.",
        "Analytics without cookies",
        "This site counts page views and a few actions, such as sending a form, to learn which pages help visitors. The count is first-party: it goes only to this site's own service. No cookies are set, nothing is stored on your device, and no advertising or tracking services are used. What is recorded is the page address and the name of the action, never who you are.",
        "If your browser sends a Do Not Track or Global Privacy Control signal, nothing is recorded at all.",
        "Forms",
        "When you send a form, the details you enter are used only to reply to you and are not shared for marketing.",
        "Questions",
    ],
    privacy_contact: ["To ask what is held about you, or to have it deleted, use the ", "contact form", "."],
    not_found_title: "Page not found",
    not_found: "The page you were looking for is not here. It may have moved, or the link may be mistyped.",
    not_found_button: "Go to the {name} home page",
    thanks_title: "Thank you, your message has arrived",
    thanks: "{name} has your message and replies to the email address you gave.",
    thanks_button: "Back to the home page",
};

pub static FR: Words = Words {
    skip: "Aller au contenu",
    nav_label: "Principal",
    privacy_link: "Confidentialité",
    see_offer: "Découvrir l'offre",
    how_it_works: "Comment ça marche",
    about_title: "À propos de {name}",
    about_nav: "À propos",
    contact_title: "Contact",
    home_label: "Accueil",
    steps_title: "Comment faire",
    faq_heading: "Questions et réponses",
    good_to_know: "Bon à savoir",
    credentials_label: "Garanties",
    pricing_label: "Tarifs",
    elsewhere_label: "Retrouvez-nous",
    phone: "Téléphone",
    email: "E-mail",
    address: "Adresse",
    hours: "Horaires",
    area: "Secteur",
    map: "Voir sur une carte",
    your_name: "Votre nom",
    your_phone: "Votre numéro de téléphone",
    phone_optional: "Téléphone (facultatif)",
    good_time: "Le meilleur moment pour vous appeler (facultatif)",
    what_need_optional: "De quoi avez-vous besoin ? (facultatif)",
    how_help: "Comment pouvons-nous vous aider ?",
    what_need: "De quoi avez-vous besoin ?",
    preferred_day: "Jour souhaité",
    preferred_time: "Heure souhaitée",
    how_many: "Combien de chaque",
    choose_plan: "Choisissez une formule",
    anything_optional: "Autre chose à nous dire ? (facultatif)",
    what_like: "Que souhaitez-vous ?",
    order_details: "Détails de la commande",
    collection_day: "Jour de retrait",
    help_how: "Comment souhaitez-vous aider ?",
    help_options: ["Faire un don", "Devenir bénévole", "Les deux"],
    message_optional: "Message (facultatif)",
    delivery: "Adresse de livraison et questions éventuelles",
    your_question: "Votre question",
    something_else: "Autre chose",
    hint: ["Vos coordonnées servent uniquement à vous répondre. Voir la ", "politique de confidentialité", "."],
    call_back: "Demander un rappel",
    call_label: "Appeler le {phone}",
    intro_call_phone: "Appelez le {phone}, ou laissez votre numéro et {name} vous rappelle.",
    intro_call: "Laissez votre numéro et le meilleur moment pour vous joindre, et {name} vous rappelle.",
    intro_visit_place: "Retrouvez-nous à {place}. Posez une question avant votre visite et vous recevrez une réponse par e-mail.",
    intros: [
        "Dites à {name} ce dont vous avez besoin et vous recevrez une réponse par e-mail.",
        "",
        "Proposez un moment et dites ce dont vous avez besoin ; le rendez-vous est confirmé par retour.",
        "Envoyez votre commande avec un jour de retrait ; elle est confirmée par retour.",
        "Dites à {name} comment vous souhaitez aider et vous recevrez une réponse avec la prochaine étape.",
        "Choisissez ce que vous souhaitez et où le livrer ; la disponibilité et la livraison sont confirmées par retour.",
        "Posez une question avant votre visite et vous recevrez une réponse par e-mail.",
        "Laissez votre e-mail pour recevoir des nouvelles de {name}.",
    ],
    cta_labels: ["Prendre contact", "Demander un rappel", "Prendre rendez-vous", "Commander", "Soutenir notre action", "Acheter", "Préparer votre visite", "S'inscrire"],
    contact_headings: ["Parlons-en", "Appelez-nous", "Prendre rendez-vous", "Commander à l'avance", "Soutenir notre action", "Commander chez nous", "Préparer votre visite", "Commencer"],
    steps: [
        ["Expliquez votre situation", "Nous répondons pour convenir d'un premier échange", "Vous décidez, sans engagement"],
        ["Appelez le numéro de cette page", "Dites ce dont vous avez besoin et où", "Convenons ensemble de la suite"],
        ["Choisissez ce dont vous avez besoin", "Proposez un jour et une heure", "Nous confirmons votre rendez-vous"],
        ["Dites-nous ce que vous souhaitez", "Choisissez un jour de retrait", "Nous confirmons votre commande"],
        ["Choisissez comment aider", "Indiquez comment vous joindre", "Nous confirmons et vous tenons informé"],
        ["Choisissez ce qu'il vous faut", "Indiquez où livrer", "Nous confirmons disponibilité et livraison"],
        ["Voyez ce qui est proposé", "Vérifiez les horaires", "Venez nous voir"],
        ["Laissez votre e-mail", "Nous vous envoyons ce que vous avez demandé", "Désinscription à tout moment"],
    ],
    offer_ask: ["Demandez-nous comment cela peut vous convenir", "Appelez pour en parler", "Demandez-le en réservant", "Ajoutez-le à votre commande", "Aidez-nous à faire plus", "Demandez-le dans votre commande", "Demandez-le lors de votre visite", "Inscrivez-vous pour en savoir plus"],
    offer_lines: [&["Demandez comment cela peut vous convenir."], &["Parlez-en lors de votre appel."], &["Demandez-le en réservant."], &["Demandez-le dans le formulaire de commande."], &["Demandez comment participer."], &["Renseignez-vous sur les détails et la disponibilité."], &["Renseignez-vous lors de votre visite."], &["Inscrivez-vous pour commencer."]],
    taglines: ["Fait avec soin{place}", "Le bon choix, tout près{place}", "Simple, soigné et à votre écoute"],
    q_open: "Quels sont vos horaires ?",
    q_where: "Où se trouve {name} ?",
    q_work: "Où intervient {name} ?",
    a_work: "À {place}",
    q_cost: "Combien cela coûte-t-il ?",
    q_before: "Que savoir avant de choisir {name} ?",
    q_reach: "Comment joindre {name} ?",
    a_reach_phone: "Appelez le {phone}. Vous pouvez aussi demander un rappel avec le formulaire de cette page.",
    a_reach: "Laissez votre numéro avec le formulaire de rappel de cette page.",
    how_to: [
        ("", ""),
        ("", ""),
        ("Comment réserver ?", "Utilisez le formulaire de cette page : choisissez ce dont vous avez besoin et proposez un jour. Le rendez-vous est confirmé par retour."),
        ("Comment commander ?", "Envoyez le formulaire de commande de cette page avec ce que vous souhaitez et un jour de retrait. La commande est confirmée par retour."),
        ("Comment aider ?", "Indiquez avec le formulaire de cette page si vous souhaitez faire un don, devenir bénévole ou les deux, et vous recevrez une réponse avec la prochaine étape."),
        ("Comment acheter ?", "Envoyez le formulaire de commande de cette page avec ce que vous souhaitez et l'adresse de livraison. La disponibilité et la livraison sont confirmées par retour."),
        ("", ""),
        ("Comment s'inscrire ?", "Laissez votre adresse e-mail dans le formulaire de cette page."),
    ],
    privacy_title: "Politique de confidentialité",
    privacy: [
        "Cette page explique ce que {name} apprend lorsque vous utilisez ce site.",
        "Des statistiques sans cookies",
        "Ce site compte les pages vues et quelques actions, comme l'envoi d'un formulaire, pour savoir quelles pages aident les visiteurs. Le décompte reste chez nous : il va uniquement au service de ce site. Aucun cookie n'est déposé, rien n'est stocké sur votre appareil et aucun service de publicité ou de pistage n'est utilisé. Seules l'adresse de la page et le nom de l'action sont enregistrés, jamais votre identité.",
        "Si votre navigateur envoie un signal Do Not Track ou Global Privacy Control, rien n'est enregistré.",
        "Formulaires",
        "Les informations que vous envoyez par un formulaire servent uniquement à vous répondre et ne sont pas utilisées à des fins commerciales.",
        "Questions",
    ],
    privacy_contact: ["Pour savoir ce qui est conservé vous concernant, ou le faire supprimer, utilisez le ", "formulaire de contact", "."],
    not_found_title: "Page introuvable",
    not_found: "La page que vous cherchez n'est pas ici. Elle a peut-être été déplacée, ou le lien contient une erreur.",
    not_found_button: "Aller à l'accueil de {name}",
    thanks_title: "Merci, votre message est bien arrivé",
    thanks: "{name} a bien reçu votre message et répondra à l'adresse que vous avez indiquée.",
    thanks_button: "Retour à l'accueil",
};

pub static DE: Words = Words {
    skip: "Zum Inhalt springen",
    nav_label: "Hauptmenü",
    privacy_link: "Datenschutz",
    see_offer: "Zum Angebot",
    how_it_works: "So funktioniert es",
    about_title: "Über {name}",
    about_nav: "Über uns",
    contact_title: "Kontakt",
    home_label: "Startseite",
    steps_title: "So geht's",
    faq_heading: "Fragen und Antworten",
    good_to_know: "Gut zu wissen",
    credentials_label: "Nachweise",
    pricing_label: "Preise",
    elsewhere_label: "Weitere Kanäle",
    phone: "Telefon",
    email: "E-Mail",
    address: "Adresse",
    hours: "Öffnungszeiten",
    area: "Einsatzgebiet",
    map: "Auf der Karte zeigen",
    your_name: "Ihr Name",
    your_phone: "Ihre Telefonnummer",
    phone_optional: "Telefon (optional)",
    good_time: "Wann wir Sie am besten erreichen (optional)",
    what_need_optional: "Worum geht es? (optional)",
    how_help: "Wie können wir helfen?",
    what_need: "Was brauchen Sie?",
    preferred_day: "Wunschtag",
    preferred_time: "Wunschzeit",
    how_many: "Wie viele von jedem",
    choose_plan: "Wählen Sie ein Angebot",
    anything_optional: "Sonst noch etwas? (optional)",
    what_like: "Was möchten Sie?",
    order_details: "Details zur Bestellung",
    collection_day: "Abholtag",
    help_how: "Wie möchten Sie helfen?",
    help_options: ["Spenden", "Mithelfen", "Beides"],
    message_optional: "Nachricht (optional)",
    delivery: "Lieferadresse und Fragen",
    your_question: "Ihre Frage",
    something_else: "Etwas anderes",
    hint: ["Ihre Angaben werden nur für die Antwort verwendet. Siehe ", "Datenschutzhinweis", "."],
    call_back: "Rückruf anfordern",
    call_label: "{phone} anrufen",
    intro_call_phone: "Rufen Sie {phone} an, oder hinterlassen Sie Ihre Nummer, und {name} ruft Sie zurück.",
    intro_call: "Hinterlassen Sie Ihre Nummer und eine gute Zeit für den Rückruf, und {name} ruft Sie zurück.",
    intro_visit_place: "Sie finden uns in {place}. Schicken Sie vor Ihrem Besuch eine Frage, und Sie erhalten eine Antwort per E-Mail.",
    intros: [
        "Erzählen Sie {name} kurz, worum es geht, und Sie erhalten eine Antwort per E-Mail.",
        "",
        "Schlagen Sie einen Termin vor und sagen Sie, was Sie brauchen; der Termin wird per Antwort bestätigt.",
        "Senden Sie Ihre Bestellung mit einem Abholtag; sie wird per Antwort bestätigt.",
        "Sagen Sie {name}, wie Sie helfen möchten, und Sie erhalten eine Antwort mit dem nächsten Schritt.",
        "Wählen Sie, was Sie möchten und wohin es gehen soll; Verfügbarkeit und Lieferung werden per Antwort bestätigt.",
        "Schicken Sie vor Ihrem Besuch eine Frage, und Sie erhalten eine Antwort per E-Mail.",
        "Hinterlassen Sie Ihre E-Mail-Adresse, um von {name} zu hören.",
    ],
    cta_labels: ["Anfrage senden", "Rückruf anfordern", "Termin buchen", "Bestellen", "Unsere Arbeit unterstützen", "Jetzt bestellen", "Besuch planen", "Anmelden"],
    contact_headings: ["Kontakt aufnehmen", "Rufen Sie uns an", "Termin buchen", "Vorbestellen", "Unsere Arbeit unterstützen", "Bei uns bestellen", "Besuch planen", "Loslegen"],
    steps: [
        ["Beschreiben Sie Ihr Anliegen", "Wir melden uns für ein erstes Gespräch", "Sie entscheiden, ohne Verpflichtung"],
        ["Rufen Sie die Nummer auf dieser Seite an", "Sagen Sie, was Sie brauchen und wo", "Wir vereinbaren gemeinsam das Weitere"],
        ["Wählen Sie, was Sie brauchen", "Schlagen Sie Tag und Uhrzeit vor", "Wir bestätigen Ihren Termin"],
        ["Sagen Sie uns, was Sie möchten", "Wählen Sie einen Abholtag", "Wir bestätigen Ihre Bestellung"],
        ["Wählen Sie, wie Sie helfen möchten", "Sagen Sie uns, wie wir Sie erreichen", "Wir bestätigen und halten Sie auf dem Laufenden"],
        ["Wählen Sie, was Sie brauchen", "Sagen Sie uns, wohin es geht", "Wir bestätigen Verfügbarkeit und Lieferung"],
        ["Sehen Sie, was es gibt", "Prüfen Sie die Öffnungszeiten", "Besuchen Sie uns"],
        ["Hinterlassen Sie Ihre E-Mail-Adresse", "Wir schicken Ihnen, was Sie angefragt haben", "Jederzeit abbestellbar"],
    ],
    offer_ask: ["Fragen Sie uns, wie das für Sie passt", "Rufen Sie an und fragen Sie danach", "Fragen Sie bei der Buchung danach", "Nehmen Sie es in Ihre Bestellung auf", "Helfen Sie uns, mehr davon zu tun", "Fragen Sie in Ihrer Bestellung danach", "Fragen Sie bei Ihrem Besuch danach", "Melden Sie sich an, um mehr zu erfahren"],
    offer_lines: [&["Fragen Sie, wie das für Sie passt."], &["Fragen Sie bei Ihrem Anruf danach."], &["Fragen Sie bei der Buchung danach."], &["Fragen Sie im Bestellformular danach."], &["Fragen Sie, wie Sie mitmachen können."], &["Fragen Sie nach Details und Verfügbarkeit."], &["Fragen Sie bei Ihrem Besuch danach."], &["Melden Sie sich an, um zu beginnen."]],
    taglines: ["Mit Sorgfalt gemacht{place}", "Gute Arbeit, ganz in der Nähe{place}", "Einfach, sorgfältig und für Sie da"],
    q_open: "Wann haben Sie geöffnet?",
    q_where: "Wo finde ich {name}?",
    q_work: "Wo ist {name} tätig?",
    a_work: "In {place}",
    q_cost: "Was kostet es?",
    q_before: "Was sollte ich vor der Wahl von {name} wissen?",
    q_reach: "Wie erreiche ich {name}?",
    a_reach_phone: "Rufen Sie {phone} an. Sie können auch mit dem Formular auf dieser Seite einen Rückruf anfordern.",
    a_reach: "Hinterlassen Sie Ihre Nummer im Rückrufformular auf dieser Seite.",
    how_to: [
        ("", ""),
        ("", ""),
        ("Wie buche ich?", "Nutzen Sie das Buchungsformular auf dieser Seite: Wählen Sie, was Sie brauchen, und schlagen Sie einen Tag vor. Der Termin wird per Antwort bestätigt."),
        ("Wie bestelle ich?", "Senden Sie das Bestellformular auf dieser Seite mit Ihrem Wunsch und einem Abholtag. Die Bestellung wird per Antwort bestätigt."),
        ("Wie kann ich helfen?", "Sagen Sie mit dem Formular auf dieser Seite, ob Sie spenden, mithelfen oder beides möchten, und Sie erhalten eine Antwort mit dem nächsten Schritt."),
        ("Wie kaufe ich?", "Senden Sie das Bestellformular auf dieser Seite mit Ihrem Wunsch und der Lieferadresse. Verfügbarkeit und Lieferung werden per Antwort bestätigt."),
        ("", ""),
        ("Wie melde ich mich an?", "Tragen Sie Ihre E-Mail-Adresse in das Formular auf dieser Seite ein."),
    ],
    privacy_title: "Datenschutzhinweis",
    privacy: [
        "Dieser Hinweis erklärt, was {name} erfährt, wenn Sie diese Website nutzen.",
        "Statistik ohne Cookies",
        "Diese Website zählt Seitenaufrufe und einige Aktionen, etwa das Senden eines Formulars, um zu erfahren, welche Seiten Besuchern helfen. Die Zählung bleibt bei uns: Sie geht nur an den eigenen Dienst dieser Website. Es werden keine Cookies gesetzt, nichts wird auf Ihrem Gerät gespeichert, und es werden keine Werbe- oder Tracking-Dienste genutzt. Erfasst werden nur die Seitenadresse und der Name der Aktion, nie, wer Sie sind.",
        "Sendet Ihr Browser ein Do-Not-Track- oder Global-Privacy-Control-Signal, wird gar nichts erfasst.",
        "Formulare",
        "Was Sie in ein Formular eintragen, wird nur für die Antwort an Sie verwendet und nicht für Werbung weitergegeben.",
        "Fragen",
    ],
    privacy_contact: ["Um zu erfahren, was über Sie gespeichert ist, oder um es löschen zu lassen, nutzen Sie das ", "Kontaktformular", "."],
    not_found_title: "Seite nicht gefunden",
    not_found: "Die gesuchte Seite ist nicht hier. Vielleicht wurde sie verschoben, oder der Link ist fehlerhaft.",
    not_found_button: "Zur Startseite von {name}",
    thanks_title: "Danke, Ihre Nachricht ist angekommen",
    thanks: "{name} hat Ihre Nachricht erhalten und antwortet an die angegebene E-Mail-Adresse.",
    thanks_button: "Zurück zur Startseite",
};

pub static ES: Words = Words {
    skip: "Ir al contenido",
    nav_label: "Principal",
    privacy_link: "Privacidad",
    see_offer: "Ver la oferta",
    how_it_works: "Cómo funciona",
    about_title: "Sobre {name}",
    about_nav: "Sobre nosotros",
    contact_title: "Contacto",
    home_label: "Inicio",
    steps_title: "Cómo hacerlo",
    faq_heading: "Preguntas y respuestas",
    good_to_know: "Conviene saber",
    credentials_label: "Garantías",
    pricing_label: "Precios",
    elsewhere_label: "Síguenos",
    phone: "Teléfono",
    email: "Correo electrónico",
    address: "Dirección",
    hours: "Horario",
    area: "Zona",
    map: "Ver en el mapa",
    your_name: "Tu nombre",
    your_phone: "Tu número de teléfono",
    phone_optional: "Teléfono (opcional)",
    good_time: "Cuándo te viene bien que llamemos (opcional)",
    what_need_optional: "¿Qué necesitas? (opcional)",
    how_help: "¿En qué podemos ayudarte?",
    what_need: "¿Qué necesitas?",
    preferred_day: "Día preferido",
    preferred_time: "Hora preferida",
    how_many: "Cuántos de cada uno",
    choose_plan: "Elige un plan",
    anything_optional: "¿Algo más que debamos saber? (opcional)",
    what_like: "¿Qué te gustaría?",
    order_details: "Detalles del pedido",
    collection_day: "Día de recogida",
    help_how: "¿Cómo te gustaría ayudar?",
    help_options: ["Hacer un donativo", "Ser voluntario", "Ambas cosas"],
    message_optional: "Mensaje (opcional)",
    delivery: "Dirección de entrega y preguntas",
    your_question: "Tu pregunta",
    something_else: "Otra cosa",
    hint: ["Tus datos solo se usan para responderte. Consulta el ", "aviso de privacidad", "."],
    call_back: "Pedir que te llamemos",
    call_label: "Llamar al {phone}",
    intro_call_phone: "Llama al {phone} o deja tu número y {name} te devolverá la llamada.",
    intro_call: "Deja tu número y cuándo te viene bien, y {name} te llamará.",
    intro_visit_place: "Estamos en {place}. Envía una pregunta antes de tu visita y te responderemos por correo.",
    intros: [
        "Cuéntale a {name} qué necesitas y recibirás respuesta por correo.",
        "",
        "Propón un momento y dinos qué necesitas; la cita se confirma por respuesta.",
        "Envía tu pedido con un día de recogida; se confirma por respuesta.",
        "Dile a {name} cómo te gustaría ayudar y recibirás respuesta con el siguiente paso.",
        "Elige lo que quieres y dónde enviarlo; la disponibilidad y la entrega se confirman por respuesta.",
        "Envía una pregunta antes de tu visita y te responderemos por correo.",
        "Deja tu correo para recibir noticias de {name}.",
    ],
    cta_labels: ["Solicitar información", "Pedir que te llamemos", "Reservar cita", "Hacer un pedido", "Apoyar nuestro trabajo", "Comprar", "Planifica tu visita", "Suscribirse"],
    contact_headings: ["Hablemos", "Llámanos", "Reserva tu cita", "Haz tu pedido", "Apoya nuestro trabajo", "Pide con nosotros", "Planifica tu visita", "Empieza"],
    steps: [
        ["Cuéntanos tu situación", "Te respondemos para una primera conversación", "Tú decides, sin compromiso"],
        ["Llama al número de esta página", "Dinos qué necesitas y dónde", "Acordamos juntos el siguiente paso"],
        ["Elige lo que necesitas", "Propón un día y una hora", "Confirmamos tu cita"],
        ["Dinos qué te gustaría", "Elige un día de recogida", "Confirmamos tu pedido"],
        ["Elige cómo ayudar", "Dinos cómo contactarte", "Confirmamos y te mantenemos al día"],
        ["Elige lo que necesitas", "Dinos dónde enviarlo", "Confirmamos disponibilidad y entrega"],
        ["Mira lo que hay", "Consulta el horario", "Ven a vernos"],
        ["Deja tu correo", "Te enviamos lo que pediste", "Date de baja cuando quieras"],
    ],
    offer_ask: ["Pregúntanos cómo puede encajar contigo", "Llama y pregunta", "Pídelo al reservar", "Inclúyelo en tu pedido", "Ayúdanos a hacer más", "Pregunta en tu pedido", "Pregunta en tu visita", "Suscríbete para saber más"],
    offer_lines: [&["Pregunta cómo puede encajar contigo."], &["Pregunta cuando llames."], &["Pregunta al reservar."], &["Pídelo en el formulario de pedido."], &["Pregunta cómo participar."], &["Pregunta por detalles y disponibilidad."], &["Pregunta en tu visita."], &["Regístrate para empezar."]],
    taglines: ["Hecho con cuidado{place}", "Buen trabajo, cerca de ti{place}", "Sencillo, cuidado y a tu lado"],
    q_open: "¿Cuál es el horario?",
    q_where: "¿Dónde está {name}?",
    q_work: "¿Dónde trabaja {name}?",
    a_work: "En {place}",
    q_cost: "¿Cuánto cuesta?",
    q_before: "¿Qué conviene saber antes de elegir {name}?",
    q_reach: "¿Cómo contacto con {name}?",
    a_reach_phone: "Llama al {phone}. También puedes pedir que te llamemos con el formulario de esta página.",
    a_reach: "Deja tu número en el formulario de esta página y te llamamos.",
    how_to: [
        ("", ""),
        ("", ""),
        ("¿Cómo reservo?", "Usa el formulario de reserva de esta página: elige lo que necesitas y propón un día. La cita se confirma por respuesta."),
        ("¿Cómo hago un pedido?", "Envía el formulario de pedido de esta página con lo que quieres y un día de recogida. El pedido se confirma por respuesta."),
        ("¿Cómo puedo ayudar?", "Indica en el formulario de esta página si quieres donar, ser voluntario o ambas cosas, y recibirás respuesta con el siguiente paso."),
        ("¿Cómo compro?", "Envía el formulario de pedido de esta página con lo que quieres y dónde enviarlo. La disponibilidad y la entrega se confirman por respuesta."),
        ("", ""),
        ("¿Cómo me suscribo?", "Deja tu dirección de correo en el formulario de esta página."),
    ],
    privacy_title: "Aviso de privacidad",
    privacy: [
        "Este aviso explica qué sabe {name} cuando usas este sitio web.",
        "Estadísticas sin cookies",
        "Este sitio cuenta las páginas vistas y algunas acciones, como enviar un formulario, para saber qué páginas ayudan a los visitantes. El recuento es propio: solo va al servicio de este sitio. No se usan cookies, no se guarda nada en tu dispositivo y no se usan servicios de publicidad ni de seguimiento. Solo se registran la dirección de la página y el nombre de la acción, nunca quién eres.",
        "Si tu navegador envía una señal Do Not Track o Global Privacy Control, no se registra nada.",
        "Formularios",
        "Los datos que envías en un formulario solo se usan para responderte y no se comparten con fines comerciales.",
        "Preguntas",
    ],
    privacy_contact: ["Para saber qué datos tuyos se guardan, o para que se borren, usa el ", "formulario de contacto", "."],
    not_found_title: "Página no encontrada",
    not_found: "La página que buscas no está aquí. Puede que se haya movido o que el enlace tenga un error.",
    not_found_button: "Ir al inicio de {name}",
    thanks_title: "Gracias, tu mensaje ha llegado",
    thanks: "{name} ha recibido tu mensaje y responderá a la dirección de correo que indicaste.",
    thanks_button: "Volver al inicio",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_string_and_no_figures() {
        for lang in Language::ALL {
            let w = words(lang);
            let mut all = vec![
                w.skip,
                w.nav_label,
                w.privacy_link,
                w.see_offer,
                w.how_it_works,
                w.faq_heading,
                w.good_to_know,
                w.phone,
                w.email,
                w.address,
                w.hours,
                w.map,
                w.your_name,
                w.call_back,
                w.call_label,
                w.q_open,
                w.q_cost,
                w.thanks,
                w.not_found,
            ];
            all.extend(w.offer_ask);
            all.extend(w.offer_lines.concat());
            all.extend(w.hint);
            for (i, intro) in w.intros.iter().enumerate() {
                assert!(i == 1 || !intro.is_empty(), "{lang:?} intro {i}");
            }
            if lang != Language::En {
                all.extend(w.cta_labels);
                all.extend(w.contact_headings);
                all.extend(w.steps.concat());
                all.extend(w.taglines);
                for p in crate::knowledge::PROFILES {
                    assert!(type_names(lang, p).is_some());
                }
            }
            for s in all {
                assert!(!s.trim().is_empty(), "{lang:?}: an empty string");
                assert!(!s.chars().any(|c| c.is_ascii_digit()), "{lang:?}: {s}");
            }
        }
        // Every knowledge-base type has its names in every other language.
        for p in crate::knowledge::PROFILES {
            assert!(TYPE_NAMES.iter().any(|(k, _)| *k == p.key), "{}", p.key);
        }
    }
}
