//! The brand worker: positioning, audience, voice, tagline, an accessible palette
//! (every text pair checked against WCAG AA) and typography.

use crate::brief::{Brief, Language};
use crate::color::{contrast, darken_until, Rgb};
use crate::knowledge::{business_profile, TypeStyle};
use crate::research::MarketIntelligence;
use crate::text::{decapitalize, pick, stable_hash};
use crate::words::words;
use serde::{Deserialize, Serialize};

/// WCAG AA for normal text.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;
/// WCAG AA for user-interface components and focus indicators.
pub const MIN_UI_CONTRAST: f64 = 3.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContrastCheck {
    pub pair: String,
    pub foreground: String,
    pub background: String,
    pub ratio: f64,
    pub required: f64,
    pub passes: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Palette {
    pub primary: String,
    pub on_primary: String,
    pub accent: String,
    pub background: String,
    pub surface: String,
    pub text: String,
    pub muted: String,
    pub checks: Vec<ContrastCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Typography {
    pub style: TypeStyle,
    pub heading_font: String,
    pub body_font: String,
    pub scale_ratio: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Voice {
    pub traits: Vec<String>,
    pub guidance: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Brand {
    pub name: String,
    pub positioning: String,
    pub audience: String,
    pub voice: Voice,
    pub tagline: String,
    pub palette: Palette,
    pub typography: Typography,
}

/// Why a palette was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("palette fails WCAG AA: {0}")]
pub struct PaletteError(pub String);

const SANS: &str =
    "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

fn fonts(style: TypeStyle) -> (&'static str, &'static str) {
    match style {
        TypeStyle::Serif => (
            "Georgia, \"Iowan Old Style\", \"Palatino Linotype\", \"Book Antiqua\", serif",
            SANS,
        ),
        TypeStyle::Sans => (SANS, SANS),
        TypeStyle::Humanist => (
            "Seravek, \"Gill Sans Nova\", Ubuntu, Calibri, \"DejaVu Sans\", sans-serif",
            "Seravek, \"Gill Sans Nova\", Ubuntu, Calibri, \"DejaVu Sans\", sans-serif",
        ),
        TypeStyle::Geometric => (
            "Avenir, \"Avenir Next LT Pro\", Montserrat, Corbel, \"URW Gothic\", sans-serif",
            SANS,
        ),
        TypeStyle::Mono => (
            "ui-monospace, \"Cascadia Code\", \"Source Code Pro\", Menlo, Consolas, monospace",
            SANS,
        ),
    }
}

fn check(pair: &str, fg: Rgb, bg: Rgb, required: f64) -> ContrastCheck {
    let ratio = (contrast(fg, bg) * 100.0).floor() / 100.0;
    ContrastCheck {
        pair: pair.to_string(),
        foreground: fg.hex(),
        background: bg.hex(),
        ratio,
        required,
        passes: ratio >= required,
    }
}

/// Builds a palette around a hue; every text/background pair the site uses reaches AA.
pub fn palette(hue: f64, saturation: f64, seed: &str) -> Palette {
    let h = hue + (stable_hash(seed) % 25) as f64 - 12.0;
    let white = Rgb(255, 255, 255);
    let background = Rgb::from_hsl(h, 0.35, 0.985);
    let surface = Rgb::from_hsl(h, 0.3, 0.94);
    let text = Rgb::from_hsl(h, 0.25, 0.13);
    let muted = darken_until(
        h,
        0.12,
        0.42,
        &[background, surface, white],
        MIN_TEXT_CONTRAST + 0.1,
    );
    let primary = darken_until(
        h,
        saturation,
        0.5,
        &[white, background, surface],
        MIN_TEXT_CONTRAST + 0.1,
    );
    let accent_hue = h + 150.0 + (stable_hash(&format!("{seed}#accent")) % 60) as f64;
    let accent = darken_until(
        accent_hue,
        0.6,
        0.55,
        &[background, surface],
        MIN_UI_CONTRAST + 0.1,
    );
    let checks = vec![
        check("text on background", text, background, MIN_TEXT_CONTRAST),
        check("text on surface", text, surface, MIN_TEXT_CONTRAST),
        check("text on form fields", text, white, MIN_TEXT_CONTRAST),
        check(
            "muted text on background",
            muted,
            background,
            MIN_TEXT_CONTRAST,
        ),
        check("muted text on surface", muted, surface, MIN_TEXT_CONTRAST),
        check("button text on primary", white, primary, MIN_TEXT_CONTRAST),
        check(
            "links on background",
            primary,
            background,
            MIN_TEXT_CONTRAST,
        ),
        check("links on surface", primary, surface, MIN_TEXT_CONTRAST),
        check(
            "accent (borders, focus) on background",
            accent,
            background,
            MIN_UI_CONTRAST,
        ),
    ];
    Palette {
        primary: primary.hex(),
        on_primary: white.hex(),
        accent: accent.hex(),
        background: background.hex(),
        surface: surface.hex(),
        text: text.hex(),
        muted: muted.hex(),
        checks,
    }
}

/// Refuses a palette with any failing pair; the message names each pair.
pub fn validate_palette(p: &Palette) -> Result<(), PaletteError> {
    let failing: Vec<String> = p
        .checks
        .iter()
        .filter(|c| !c.passes)
        .map(|c| format!("{} is {:.2}:1 (needs {}:1)", c.pair, c.ratio, c.required))
        .collect();
    if failing.is_empty() {
        Ok(())
    } else {
        Err(PaletteError(failing.join("; ")))
    }
}

/// The brand worker.
pub fn brand(brief: &Brief, mi: &MarketIntelligence) -> Result<Brand, PaletteError> {
    let (profile, _) = business_profile(&brief.business_type, &brief.description);
    let seed = format!("{}|{}", brief.name, brief.description);
    let parts = &mi.research.description;
    let audience = mi
        .research
        .audiences
        .first()
        .map(|a| a.text.clone())
        .unwrap_or_else(|| "people looking for a business they can rely on".to_string());
    let (taglines, preposition) = match brief.language {
        Language::En => (profile.taglines, " in "),
        Language::Fr => (&words(Language::Fr).taglines[..], " à "),
        Language::De => (&words(Language::De).taglines[..], " in "),
        Language::Es => (&words(Language::Es).taglines[..], " en "),
    };
    let place = parts
        .place
        .as_deref()
        .map(|p| format!("{preposition}{p}"))
        .unwrap_or_default();
    let tagline = pick(taglines, &seed).replace("{place}", &place);
    let offer = match parts.offerings.len() {
        0 => String::new(),
        1 => format!(" offering {}", decapitalize(&parts.offerings[0])),
        n => {
            let list: Vec<String> = parts
                .offerings
                .iter()
                .take(3.min(n))
                .map(|o| decapitalize(o))
                .collect();
            let (last, rest) = list.split_last().expect("n >= 2");
            format!(" offering {} and {}", rest.join(", "), last)
        }
    };
    let contrast_to = mi
        .competition
        .competitor_kinds
        .first()
        .map(|c| format!(" Unlike {}, it stands for {}.", c.kind, c.opening))
        .unwrap_or_default();
    let positioning = format!(
        "For {audience}, {} is a {}{offer}.{contrast_to}",
        brief.name,
        decapitalize(&parts.head)
    );
    let palette = palette(profile.hue, profile.saturation, &seed);
    validate_palette(&palette)?;
    let (heading_font, body_font) = fonts(profile.type_style);
    let scale_ratio = *pick(&[1.2, 1.25, 1.333], &format!("{seed}#scale"));
    Ok(Brand {
        name: brief.name.clone(),
        positioning,
        audience,
        voice: Voice {
            traits: profile.voice.iter().map(|v| v.to_string()).collect(),
            guidance: profile.voice_guidance.to_string(),
        },
        tagline,
        palette,
        typography: Typography {
            style: profile.type_style,
            heading_font: heading_font.to_string(),
            body_font: body_font.to_string(),
            scale_ratio,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PROFILES;

    #[test]
    fn every_profile_palette_passes_for_many_seeds() {
        for p in PROFILES {
            for seed in ["a", "b", "Crumb & Co.", "東京", "zzz"] {
                let pal = palette(p.hue, p.saturation, seed);
                validate_palette(&pal).unwrap_or_else(|e| panic!("{} / {seed}: {e}", p.key));
            }
        }
    }

    #[test]
    fn a_failing_pair_is_refused_by_name() {
        let mut pal = palette(30.0, 0.6, "x");
        pal.checks[0].passes = false;
        let err = validate_palette(&pal).unwrap_err();
        assert!(err.0.contains("text on background"));
    }
}
