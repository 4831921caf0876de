//! The embedded fonts. Liberation Sans Regular, Bold and Italic are stored as they are: every
//! document sets its text in them. Liberation Sans Bold Italic and DejaVu Sans (the fallback for
//! characters Liberation lacks) are rarely needed and stored brotli-compressed
//! (`assets/fonts/*.ttf.br`, 0.7 MB less in the programs); they are inflated when a document
//! first uses them. What Typst needs to choose a font – family, style, the characters it has –
//! comes from `assets/fonts/faces.json`, so the font book is built without reading a font.
//! Both generated files are checked against the `.ttf` sources by this module's test, which
//! writes them anew when they differ (ARCHITECTURE.md, „Shipping“).

use std::io::Read;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};

/// How a font file is stored in the program.
enum Stored {
    Plain(&'static [u8]),
    Brotli(&'static [u8]),
}

/// One embedded font file (one face each); its index is its index in the font book.
struct Face {
    /// The source's file name in `assets/fonts/`.
    file: &'static str,
    stored: Stored,
}

const FACES: [Face; 5] = [
    Face {
        file: "LiberationSans-Regular.ttf",
        stored: Stored::Plain(include_bytes!(
            "../../assets/fonts/LiberationSans-Regular.ttf"
        )),
    },
    Face {
        file: "LiberationSans-Bold.ttf",
        stored: Stored::Plain(include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf")),
    },
    Face {
        file: "LiberationSans-Italic.ttf",
        stored: Stored::Plain(include_bytes!(
            "../../assets/fonts/LiberationSans-Italic.ttf"
        )),
    },
    Face {
        file: "LiberationSans-BoldItalic.ttf",
        stored: Stored::Brotli(include_bytes!(
            "../../assets/fonts/LiberationSans-BoldItalic.ttf.br"
        )),
    },
    Face {
        file: "DejaVuSans.ttf",
        stored: Stored::Brotli(include_bytes!("../../assets/fonts/DejaVuSans.ttf.br")),
    },
];

/// The faces' `FontInfo`, generated from the sources (test below).
const FACE_INFOS: &str = include_str!("../../assets/fonts/faces.json");

impl Face {
    /// The font file as it was before it was stored; `None` if a compressed one cannot be
    /// inflated (the test below rules that out for the files built in).
    fn bytes(&self) -> Option<Bytes> {
        match self.stored {
            Stored::Plain(bytes) => Some(Bytes::new(bytes)),
            Stored::Brotli(packed) => {
                let mut out = Vec::with_capacity(packed.len().saturating_mul(3));
                brotli_decompressor::Decompressor::new(packed, 64 * 1024)
                    .read_to_end(&mut out)
                    .ok()?;
                Some(Bytes::new(out))
            }
        }
    }
}

/// The faces' `FontInfo` in book order, read once per process. Should the generated list not
/// fit the fonts built in (it is tested to), the fonts themselves are read instead.
pub(super) fn infos() -> &'static [FontInfo] {
    static INFOS: OnceLock<Vec<FontInfo>> = OnceLock::new();
    INFOS.get_or_init(|| {
        serde_json::from_str::<Vec<FontInfo>>(FACE_INFOS)
            .ok()
            .filter(|infos| infos.len() == FACES.len())
            .unwrap_or_else(|| {
                (0..FACES.len())
                    .filter_map(|index| Some(font(index)?.info().clone()))
                    .collect()
            })
    })
}

/// The font book of every document: all faces, none of them read.
pub(super) fn book() -> FontBook {
    FontBook::from_infos(infos().iter().cloned())
}

/// The face at `index` of the book, inflated and read when first asked for, once per process.
pub(super) fn font(index: usize) -> Option<Font> {
    static LOADED: [OnceLock<Option<Font>>; FACES.len()] = [const { OnceLock::new() }; FACES.len()];
    LOADED
        .get(index)?
        .get_or_init(|| Font::new(FACES.get(index)?.bytes()?, 0))
        .clone()
}

/// Every font file with its name, as before it was stored: the Word export draws its charts
/// with them, and the Typst sources written for the command line name them.
pub(crate) fn files() -> Vec<(&'static str, Vec<u8>)> {
    FACES
        .iter()
        .filter_map(|face| Some((face.file, face.bytes()?.to_vec())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(file: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/fonts")
                .join(file),
        )
        .unwrap()
    }

    /// The compressed files and `faces.json` are what the `.ttf` sources give; when not, they
    /// are written anew (commit them) and the test fails, because the program was built with
    /// the old ones.
    #[test]
    fn the_stored_fonts_and_their_infos_are_the_sources() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        let mut stale = Vec::new();
        let mut infos = Vec::new();
        for (index, face) in FACES.iter().enumerate() {
            let original = source(face.file);
            let stored = face.bytes().map(|b| b.to_vec());
            if let Stored::Brotli(_) = face.stored {
                if stored.as_deref() != Some(&original[..]) {
                    let params = brotli::enc::BrotliEncoderParams {
                        quality: 11,
                        lgwin: 24,
                        ..Default::default()
                    };
                    let mut packed = Vec::new();
                    brotli::BrotliCompress(&mut &original[..], &mut packed, &params).unwrap();
                    std::fs::write(dir.join(format!("{}.br", face.file)), packed).unwrap();
                    stale.push(format!("{}.br", face.file));
                }
            } else {
                assert_eq!(stored.as_deref(), Some(&original[..]), "{}", face.file);
            }
            let read = Font::new(Bytes::new(original), 0).unwrap();
            // The book's index is the face's index.
            assert_eq!(
                font(index).map(|f| f.info().clone()).as_ref(),
                Some(read.info())
            );
            infos.push(read.info().clone());
        }
        // One face per line.
        let lines: Vec<String> = infos
            .iter()
            .map(|info| serde_json::to_string(info).unwrap())
            .collect();
        let generated = format!("[\n{}\n]\n", lines.join(",\n"));
        if generated != FACE_INFOS {
            std::fs::write(dir.join("faces.json"), &generated).unwrap();
            stale.push("faces.json".into());
        }
        assert!(
            stale.is_empty(),
            "neu erzeugt, bitte einchecken und neu bauen: {stale:?}"
        );
        assert_eq!(super::infos(), &infos[..]);
    }
}
