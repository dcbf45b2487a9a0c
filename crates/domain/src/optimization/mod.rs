//! The OptimizationWorkflow's domain, pure as the rest: what it finds on a page and how
//! it improves it.
//!
//! - [`audit`]: a page's Lighthouse-style audits and scores (SEO, accessibility, best
//!   practices, performance evidence) and the content a visitor would miss.
//! - [`optimize`]: the request, the competitive benchmark and the prioritised plan, each
//!   recommendation tied to the finding or market fact behind it.
//! - [`patch`]: the automated fixes, applied to the page's HTML.
//! - [`experiment`]: the A/B test between the original and the optimized version, and
//!   how a visitor is assigned to one.

pub mod audit;
pub mod experiment;
pub mod optimize;
pub mod patch;
