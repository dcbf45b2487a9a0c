//! Colour arithmetic for palettes: HSL to sRGB, WCAG 2 relative luminance and contrast.

use serde::{Deserialize, Serialize};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `#rrggbb`; `None` for anything else, including non-ASCII text of six bytes.
    pub fn parse_hex(text: &str) -> Option<Rgb> {
        let h = text.strip_prefix('#')?;
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// From hue (degrees), saturation and lightness (0..1).
    pub fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
        let h = h.rem_euclid(360.0) / 360.0;
        let (s, l) = (s.clamp(0.0, 1.0), l.clamp(0.0, 1.0));
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let channel = |t: f64| {
            let t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            (v * 255.0).round() as u8
        };
        Rgb(channel(h + 1.0 / 3.0), channel(h), channel(h - 1.0 / 3.0))
    }

    /// Hue (degrees) and saturation (0..1) in HSL.
    pub fn hue_saturation(&self) -> (f64, f64) {
        let [r, g, b] = [self.0, self.1, self.2].map(|c| f64::from(c) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let delta = max - min;
        if delta == 0.0 {
            return (0.0, 0.0);
        }
        let l = (max + min) / 2.0;
        let s = delta / (1.0 - (2.0 * l - 1.0).abs());
        let h = if max == r {
            60.0 * ((g - b) / delta).rem_euclid(6.0)
        } else if max == g {
            60.0 * ((b - r) / delta + 2.0)
        } else {
            60.0 * ((r - g) / delta + 4.0)
        };
        (h, s.clamp(0.0, 1.0))
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(&self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }
}

/// WCAG 2 contrast ratio between two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The lightest colour of this hue and saturation, at or below `start` lightness, that
/// reaches `min_ratio` against every colour in `against`.
pub fn darken_until(h: f64, s: f64, start: f64, against: &[Rgb], min_ratio: f64) -> Rgb {
    let mut l = start;
    loop {
        let c = Rgb::from_hsl(h, s, l);
        if against.iter().all(|a| contrast(c, *a) >= min_ratio) || l <= 0.0 {
            return c;
        }
        l -= 0.01;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let white = Rgb(255, 255, 255);
        let black = Rgb(0, 0, 0);
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb::parse_hex("#767676").unwrap(), white) - 4.54).abs() < 0.01);
        // Six bytes, but not six hex digits: refused, not sliced mid-character.
        assert_eq!(Rgb::parse_hex("#1é234"), None);
        assert_eq!(Rgb::parse_hex("#12345g"), None);
        assert_eq!(Rgb::from_hsl(0.0, 1.0, 0.5), Rgb(255, 0, 0));
        assert_eq!(Rgb::from_hsl(240.0, 1.0, 0.25).hex(), "#000080");
    }

    #[test]
    fn darkening_reaches_the_ratio() {
        let white = Rgb(255, 255, 255);
        let c = darken_until(40.0, 0.9, 0.6, &[white], 4.5);
        assert!(contrast(c, white) >= 4.5);
    }
}
