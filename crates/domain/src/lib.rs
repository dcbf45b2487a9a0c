//! Code24's domain: briefs, the knowledge base, and the pure workers that turn a brief
//! into market intelligence, a brand, a design and a site, and a page into audits, fixes
//! and an experiment. No IO happens here: no storage, no network, no clock; the pipeline
//! crate moves these values around.
//!
//! Where things are:
//! - The brief and what is known about a business: [`brief`] (the input, validated),
//!   [`knowledge`] (business types, goals, families: qualitative guidance, no figures),
//!   [`words`] (every built-in string a site shows, per language), [`text`] (escaping,
//!   slugs, hashes, decoding, reading a description) and [`json`] (reading user JSON).
//! - The BuildWorkflow's workers, in order: [`research`] (market research, competitive
//!   analysis, their combination), [`brand`] (name, voice, the palette, via [`color`]),
//!   [`design`] (pages, sections, layout), [`site`] (the HTML, CSS and files), with
//!   [`copy`] (a model's words merged into the built-in ones, checked; the model's
//!   palette colour too), [`faq`] (grounded questions), [`analytics`] (the beacon) and
//!   [`quality`] (the gate every site passes before deploy, reading pages with
//!   [`html`]).
//! - The OptimizationWorkflow's: [`optimization`] (audit, plan, patch, experiment).
//!
//! Honesty invariant: the workers never invent numbers, testimonials, customer names or
//! sources. Every market claim carries its `source` (the brief or the knowledge base).

pub mod analytics;
pub mod brand;
pub mod brief;
pub mod color;
pub mod copy;
pub mod design;
pub mod faq;
pub mod html;
pub mod json;
pub mod knowledge;
pub mod optimization;
pub mod quality;
pub mod research;
pub mod site;
pub mod text;
pub mod words;

pub use brief::{Brief, BriefError, Contact, Language, Link, Offering};
