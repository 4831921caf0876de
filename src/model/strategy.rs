//! Baustein 5 – Entwurf der Digitalisierungsstrategie: editable report sections, the report
//! settings and the record of generated drafts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_date, check_required, entity};
use crate::error::{Error, Result};

/// The fixed id of the single report-settings row.
pub const REPORT_SETTINGS_ID: Uuid = Uuid::from_u128(2);

/// A chapter text of the strategy. `key` ties it to the template chapter (e.g. "einleitung").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Section {
    pub id: Uuid,
    pub key: String,
    pub title: String,
    pub body: String,
    pub included: bool,
    /// Abgestimmt: the consultant marked the text as final; drives Baustein 5 progress.
    pub approved: bool,
    pub order: i32,
}

entity!(Section, Section, |s| {
    check_required("Der Titel des Abschnitts", &s.title)
});

/// Chapters printed without a number: the foreword and summary before chapter 1, the appendix.
pub const UNNUMBERED_CHAPTERS: [&str; 3] = ["vorwort", "zusammenfassung", "anhang"];

/// The number each section is printed with, in the given order („1 Einleitung“): none for a
/// chapter left out of the report or printed without number. The report, the Word export and
/// the window's outline all number by this.
pub fn chapter_numbers(sections: &[Section]) -> Vec<Option<u32>> {
    let mut next = 0u32;
    sections
        .iter()
        .map(|s| {
            if !s.included || UNNUMBERED_CHAPTERS.contains(&s.key.as_str()) {
                None
            } else {
                next = next.saturating_add(1);
                Some(next)
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ReportSettings {
    pub id: Uuid,
    pub title: String,
    pub subtitle: String,
    pub version_label: String,
    pub date: Option<NaiveDate>,
    pub author: String,
    /// Print the diagonal "ENTWURF".
    pub watermark: bool,
    /// The municipality's logo on the cover (the image itself is stored once in the file).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<LogoRef>,
}

entity!(ReportSettings, ReportSettings, |r| {
    check_date("Das Datum des Berichts", r.date)
});

/// A reference to an image stored in the project file (by its SHA-256).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LogoRef {
    pub hash: String,
    pub format: ImageFormat,
    /// The name of the file it was taken from (shown in the settings).
    pub file_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImageFormat {
    #[default]
    Png,
    Jpg,
    Svg,
}

impl ImageFormat {
    /// Recognises PNG, JPEG and SVG by their first bytes.
    pub fn detect(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(ImageFormat::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(ImageFormat::Jpg);
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
        let head = head.trim_start_matches('\u{feff}').trim_start();
        (head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")))
            .then_some(ImageFormat::Svg)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpg => "jpg",
            ImageFormat::Svg => "svg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpg => "image/jpeg",
            ImageFormat::Svg => "image/svg+xml",
        }
    }
}

/// The largest image file the project takes as a logo.
pub const LOGO_MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most pixels a raster logo may have: 16 MP (e.g. 4000 × 4000) print sharply at any
/// size on the cover; a 65535 × 65535 PNG would take gigabytes to decode.
pub const LOGO_MAX_PIXELS: u64 = 16_000_000;

/// Checks an image before it is stored or printed: at most [`LOGO_MAX_BYTES`], a PNG, JPEG or
/// SVG, a raster image at most [`LOGO_MAX_PIXELS`] with readable dimensions, an SVG without
/// embedded or linked images. Used for a new logo and for images taken from copies and imports.
pub fn check_image(bytes: &[u8], name: &str) -> Result<ImageFormat> {
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(Error::invalid(format!(
            "Das Bild „{name}“ ist größer als 5 MB; bitte höchstens 5 MB verwenden."
        )));
    }
    let format = ImageFormat::detect(bytes)
        .ok_or_else(|| Error::invalid(format!("„{name}“ ist kein PNG-, JPEG- oder SVG-Bild.")))?;
    match format {
        ImageFormat::Png | ImageFormat::Jpg => {
            let size = imagesize::blob_size(bytes).map_err(|_| {
                Error::invalid(format!(
                    "Die Bildgröße von „{name}“ ist nicht lesbar; die Datei ist beschädigt."
                ))
            })?;
            let pixels = (size.width as u64).saturating_mul(size.height as u64);
            if pixels == 0 || pixels > LOGO_MAX_PIXELS {
                return Err(Error::invalid(format!(
                    "„{name}“ hat {} × {} Bildpunkte; bitte ein Bild mit höchstens 16 Megapixeln (z. B. 4000 × 4000) verwenden.",
                    crate::analysis::format_thousands(size.width as i64),
                    crate::analysis::format_thousands(size.height as i64)
                )));
            }
        }
        ImageFormat::Svg => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                Error::invalid(format!(
                    "Das SVG-Bild „{name}“ ist kein gültiger Text (UTF-8)."
                ))
            })?;
            if text.contains("<image") || text.contains(":image") {
                return Err(Error::invalid(format!(
                    "Das SVG-Bild „{name}“ enthält eingebettete oder verknüpfte Bilder; bitte das Logo als PNG speichern."
                )));
            }
        }
    }
    Ok(format)
}

/// The image hash a report-settings row refers to (its logo), read from a stored or imported
/// row body; used to take only referenced images from copies and imports.
pub fn referenced_image(body: &serde_json::Value) -> Option<&str> {
    body.get("logo")?.get("hash")?.as_str()
}

/// A generated report: label, time and SHA-256 of the PDF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Draft {
    pub id: Uuid,
    pub label: String,
    pub generated_at: Option<DateTime<Utc>>,
    pub hash: String,
    pub file_name: String,
}

entity!(Draft, Draft, |d| {
    check_required("Die Bezeichnung des Entwurfs", &d.label)
});
