//! The social preview image: a 1200×630 PNG with a site's monogram, name and tagline on
//! its palette, for `og:image`. Rendered here from vector outlines of an embedded font
//! (DejaVu Sans Bold, licence in `fonts/DejaVu-LICENSE.txt`): nothing is fetched and
//! nothing depends on the fonts of the machine that builds the site.
//!
//! A character the font lacks (many scripts beyond Latin, Greek and Cyrillic) is drawn
//! as a gap, never as a box, and [`Preview::missing`] counts them, so a caller can tell
//! when the image does not show the whole name.

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};
use ttf_parser::{Face, OutlineBuilder};

/// Width and height of an Open Graph image, as the major networks crop it.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

static FONT: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold-subset.ttf");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PreviewError {
    #[error("colour {0:?} is not #rrggbb")]
    Colour(String),
    #[error("the embedded font could not be read")]
    Font,
    #[error("the image could not be encoded: {0}")]
    Encode(String),
}

/// The colours of the image, as `#rrggbb`.
#[derive(Debug, Clone, Copy)]
pub struct Colours<'a> {
    pub background: &'a str,
    pub text: &'a str,
    pub primary: &'a str,
    pub on_primary: &'a str,
    pub accent: &'a str,
}

/// What the image says.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub name: &'a str,
    pub tagline: &'a str,
    /// The monogram's letters.
    pub initials: &'a str,
    /// A line at the foot: what kind of business and where.
    pub detail: &'a str,
}

/// A rendered image.
#[derive(Debug, Clone)]
pub struct Preview {
    pub png: Vec<u8>,
    /// Characters of the name, initials or tagline the font has no glyph for.
    pub missing: usize,
}

fn colour(hex: &str) -> Result<Color, PreviewError> {
    let bad = || PreviewError::Colour(hex.to_string());
    let digits = hex
        .strip_prefix('#')
        .filter(|d| d.len() == 6)
        .ok_or_else(bad)?;
    let byte =
        |i: usize| u8::from_str_radix(digits.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad());
    Ok(Color::from_rgba8(byte(0)?, byte(2)?, byte(4)?, 255))
}

/// Collects a glyph's outline into a path, scaled and placed.
struct Outline {
    path: PathBuilder,
    x: f32,
    y: f32,
    scale: f32,
}

impl Outline {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

struct Writer<'f> {
    face: Face<'f>,
    missing: usize,
}

impl Writer<'_> {
    /// The advance of `text` at `size` pixels.
    fn width(&self, text: &str, size: f32) -> f32 {
        let scale = size / f32::from(self.face.units_per_em());
        text.chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(size * 0.5, |a| f32::from(a) * scale)
            })
            .sum()
    }

    /// Draws `text` with its baseline's left end at (`x`, `y`).
    fn draw(&mut self, pixmap: &mut Pixmap, text: &str, x: f32, y: f32, size: f32, paint: &Paint) {
        let scale = size / f32::from(self.face.units_per_em());
        let mut outline = Outline {
            path: PathBuilder::new(),
            x,
            y,
            scale,
        };
        for c in text.chars() {
            match self.face.glyph_index(c) {
                Some(g) => {
                    self.face.outline_glyph(g, &mut outline);
                    let advance = self.face.glyph_hor_advance(g).unwrap_or(0);
                    outline.x += f32::from(advance) * scale;
                }
                None => {
                    if !c.is_whitespace() {
                        self.missing += 1;
                    }
                    outline.x += size * 0.5;
                }
            }
        }
        if let Some(path) = outline.path.finish() {
            pixmap.fill_path(&path, paint, FillRule::Winding, Transform::identity(), None);
        }
    }

    /// `text` in lines no wider than `max` at `size`, at most `lines` of them; the last
    /// ends with an ellipsis when text is left over.
    fn wrap(&self, text: &str, size: f32, max: f32, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut current = String::new();
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            let candidate = if current.is_empty() {
                words[i].to_string()
            } else {
                format!("{current} {}", words[i])
            };
            if self.width(&candidate, size) <= max || current.is_empty() {
                current = candidate;
                i += 1;
                continue;
            }
            out.push(std::mem::take(&mut current));
            if out.len() == lines {
                break;
            }
        }
        if !current.is_empty() && out.len() < lines {
            out.push(current);
        }
        if i < words.len() || out.last().is_some_and(|l| self.width(l, size) > max) {
            if let Some(last) = out.last_mut() {
                while !last.is_empty() && self.width(&format!("{last}…"), size) > max {
                    last.pop();
                }
                *last = format!("{}…", last.trim_end());
            }
        }
        out
    }
}

/// Renders the preview image: the monogram in a rounded square, the name as large as
/// fits, the tagline, and the detail line at the foot, on `colours`.
pub fn render(words: Text, colours: Colours) -> Result<Preview, PreviewError> {
    let Text {
        name,
        tagline,
        initials,
        detail,
    } = words;
    let background = colour(colours.background)?;
    let text_colour = colour(colours.text)?;
    let primary = colour(colours.primary)?;
    let on_primary = colour(colours.on_primary)?;
    let accent = colour(colours.accent)?;
    let face = Face::parse(FONT, 0).map_err(|_| PreviewError::Font)?;
    let mut text = Writer { face, missing: 0 };
    let mut pixmap =
        Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| PreviewError::Encode("no pixmap".into()))?;
    pixmap.fill(background);
    let paint = |c: Color| {
        let mut p = Paint::default();
        p.set_color(c);
        p.anti_alias = true;
        p
    };
    // A band of the primary colour along the left edge and an accent rule.
    if let Some(r) = Rect::from_xywh(0.0, 0.0, 24.0, HEIGHT as f32) {
        pixmap.fill_rect(r, &paint(primary), Transform::identity(), None);
    }
    if let Some(r) = Rect::from_xywh(96.0, 470.0, 160.0, 10.0) {
        pixmap.fill_rect(r, &paint(accent), Transform::identity(), None);
    }
    // The monogram: a rounded square with the initials centred.
    let (mx, my, side, radius) = (96.0_f32, 80.0_f32, 120.0_f32, 24.0_f32);
    let mut square = PathBuilder::new();
    square.move_to(mx + radius, my);
    square.line_to(mx + side - radius, my);
    square.quad_to(mx + side, my, mx + side, my + radius);
    square.line_to(mx + side, my + side - radius);
    square.quad_to(mx + side, my + side, mx + side - radius, my + side);
    square.line_to(mx + radius, my + side);
    square.quad_to(mx, my + side, mx, my + side - radius);
    square.line_to(mx, my + radius);
    square.quad_to(mx, my, mx + radius, my);
    square.close();
    if let Some(path) = square.finish() {
        pixmap.fill_path(
            &path,
            &paint(primary),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    let initials_size = if initials.chars().count() > 1 {
        52.0
    } else {
        68.0
    };
    let w = text.width(initials, initials_size);
    text.draw(
        &mut pixmap,
        initials,
        mx + (side - w) / 2.0,
        my + side / 2.0 + initials_size * 0.36,
        initials_size,
        &paint(on_primary),
    );
    // The name, as large as fits on at most two lines, then the tagline.
    let max = WIDTH as f32 - 96.0 * 2.0;
    let (size, lines) = [88.0_f32, 76.0, 64.0, 56.0]
        .iter()
        .map(|&s| (s, text.wrap(name, s, max, 2)))
        .find(|(_, l)| l.len() == 1)
        .unwrap_or_else(|| (56.0, text.wrap(name, 56.0, max, 2)));
    let mut y = 300.0;
    if lines.len() > 1 {
        y -= size * 0.55;
    }
    for line in &lines {
        text.draw(&mut pixmap, line, 96.0, y, size, &paint(text_colour));
        y += size * 1.12;
    }
    let tagline_lines = text.wrap(tagline, 38.0, max, 1);
    if let Some(line) = tagline_lines.first() {
        text.draw(&mut pixmap, line, 96.0, 420.0, 38.0, &paint(text_colour));
    }
    if let Some(line) = text.wrap(detail, 30.0, max, 1).first() {
        text.draw(&mut pixmap, line, 96.0, 560.0, 30.0, &paint(primary));
    }
    let png = pixmap
        .encode_png()
        .map_err(|e| PreviewError::Encode(e.to_string()))?;
    Ok(Preview {
        png,
        missing: text.missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLOURS: Colours = Colours {
        background: "#fbf8f4",
        text: "#1f1a17",
        primary: "#a0522d",
        on_primary: "#ffffff",
        accent: "#2e7d6b",
    };

    fn text<'a>(name: &'a str, tagline: &'a str, initials: &'a str, detail: &'a str) -> Text<'a> {
        Text {
            name,
            tagline,
            initials,
            detail,
        }
    }

    fn pixels(png: &[u8]) -> Pixmap {
        Pixmap::decode_png(png).unwrap()
    }

    #[test]
    fn the_image_is_a_1200_by_630_png_in_the_palette_with_the_text_drawn() {
        let p = render(
            text(
                "Crumb & Co.",
                "Baked with care, ready when you are",
                "CC",
                "Bakery · Leeds",
            ),
            COLOURS,
        )
        .unwrap();
        assert_eq!(&p.png[..8], b"\x89PNG\r\n\x1a\n");
        let image = pixels(&p.png);
        assert_eq!((image.width(), image.height()), (WIDTH, HEIGHT));
        assert_eq!(p.missing, 0);
        // The background, the band and the monogram have their colours.
        let at = |x: u32, y: u32| image.pixel(x, y).unwrap();
        assert_eq!((at(1100, 600).red(), at(1100, 600).green()), (0xfb, 0xf8));
        assert_eq!(at(10, 300).red(), 0xa0);
        assert_eq!(at(100, 150).red(), 0xa0);
        // Text is drawn: the name's row has dark pixels, an empty row has none.
        let dark = |y0: u32, y1: u32| {
            (y0..y1)
                .flat_map(|y| (96..1104).map(move |x| (x, y)))
                .filter(|&(x, y)| at(x, y).red() < 0x60)
                .count()
        };
        assert!(dark(230, 300) > 2000, "the name is not drawn");
        assert!(dark(385, 425) > 500, "the tagline is not drawn");
        assert_eq!(dark(485, 530), 0);
        // The detail line is drawn in the primary colour.
        let primary = (530..570)
            .flat_map(|y| (96..600).map(move |x| (x, y)))
            .filter(|&(x, y)| at(x, y).red() == 0xa0 && at(x, y).green() == 0x52)
            .count();
        assert!(primary > 300, "the detail line is not drawn");
    }

    #[test]
    fn a_long_name_wraps_and_is_cut_with_an_ellipsis_never_past_the_edge() {
        let long = "The Extraordinarily Long Named Neighbourhood Sourdough Bakery and Coffee House of Upper Leeds";
        let tagline = "tagline ".repeat(40);
        let p = render(text(long, &tagline, "TE", &tagline), COLOURS).unwrap();
        let image = pixels(&p.png);
        // Nothing is drawn in the right margin.
        let right_margin_dark = (0..HEIGHT)
            .flat_map(|y| (1110..WIDTH).map(move |x| (x, y)))
            .filter(|&(x, y)| image.pixel(x, y).unwrap().red() < 0x60)
            .count();
        assert_eq!(right_margin_dark, 0);
    }

    #[test]
    fn characters_without_a_glyph_are_counted_and_bad_colours_refused() {
        let p = render(text("東京 Bakery", "", "東", ""), COLOURS).unwrap();
        assert_eq!(p.missing, 3);
        // The cut font (fonts/README.md) keeps what the supported languages and most
        // European names need.
        let european = "Bäckerei Zürich · Ça coûte 12 € – Señor Muñoz “Œuvre” Łódź Ελλάδα Москва";
        let p = render(text(european, european, "ÉÑ", european), COLOURS).unwrap();
        assert_eq!(p.missing, 0);
        let bad = Colours {
            background: "tomato",
            ..COLOURS
        };
        assert_eq!(
            render(text("a", "b", "A", ""), bad).unwrap_err(),
            PreviewError::Colour("tomato".into())
        );
        // Any text at all renders: empty, only spaces, control characters.
        for name in ["", "   ", "\u{0}\u{7}", "\u{202e}abc"] {
            assert!(render(text(name, name, name, name), COLOURS).is_ok());
        }
    }
}
