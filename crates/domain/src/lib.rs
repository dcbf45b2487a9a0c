//! Code24's domain: briefs, the knowledge base, and the pure workers that turn a brief
//! into market intelligence, a brand, a design and a site. No IO happens here: no
//! storage, no network, no clock; the pipeline crate moves these values around.
//!
//! Honesty invariant: the workers never invent numbers, testimonials, customer names or
//! sources. Every market claim carries its `source` (the brief or the knowledge base).

pub mod analytics;
pub mod audit;
pub mod brand;
pub mod brief;
pub mod color;
pub mod copy;
pub mod design;
pub mod experiment;
pub mod faq;
pub mod html;
pub mod json;
pub mod knowledge;
pub mod optimize;
pub mod patch;
pub mod quality;
pub mod research;
pub mod site;
pub mod text;
pub mod words;

pub use brief::{Brief, BriefError, Contact, Language, Link, Offering};
