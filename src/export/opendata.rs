//! The Open Data package for the state's portal (daten.bw, GovData): the measures as CSV (UTF-8,
//! one header row, documented columns in `spalten.csv`) and the DCAT-AP.de 2.0 metadata in
//! Turtle (`metadaten.ttl`, written with oxttl so it is always well-formed RDF). Licence: Datenlizenz
//! Deutschland – Namensnennung 2.0, the publisher is the municipality. No personal data: the
//! measures name departments („Federführung“), never people.

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxttl::TurtleSerializer;

use super::ExportData;
use crate::error::{Error, Result};
use crate::model::Choice;

pub const CSV_FILE: &str = "massnahmen.csv";
pub const COLUMNS_FILE: &str = "spalten.csv";
pub const METADATA_FILE: &str = "metadaten.ttl";
pub const README_FILE: &str = "LIESMICH.txt";
/// Datenlizenz Deutschland – Namensnennung – Version 2.0, the default of German portals.
pub const LICENCE: &str = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";

/// The CSV's columns: name, meaning, unit — the same table is written as `spalten.csv`.
pub const COLUMNS: [(&str, &str, &str); 18] = [
    (
        "nummer",
        "Nummer der Maßnahme (M-Lebensbereich-laufende Nummer)",
        "",
    ),
    ("titel", "Titel der Maßnahme", ""),
    (
        "lebensbereich",
        "Lebensbereich, dem die Maßnahme dient (Querschnitt: alle)",
        "",
    ),
    ("beschreibung", "Beschreibung", ""),
    ("ziel", "Ziel und erwartete Wirkung", ""),
    (
        "federfuehrung",
        "Federführende Stelle (Amt, Einrichtung)",
        "",
    ),
    ("beteiligte", "Beteiligte Stellen und Partner", ""),
    ("prioritaet", "Priorität: hoch, mittel oder niedrig", ""),
    (
        "aufwand",
        "Aufwand von 1 (gering) bis 5 (sehr hoch)",
        "Stufe",
    ),
    ("nutzen", "Nutzen von 1 (gering) bis 5 (sehr hoch)", "Stufe"),
    (
        "beginn",
        "Geplanter Beginn: Jahr, Halbjahr (2027-H1) oder Quartal (2027-Q2)",
        "",
    ),
    ("ende", "Geplantes Ende, Form wie beginn", ""),
    (
        "kosten_einmalig_eur",
        "Geschätzte einmalige Kosten; leer = noch nicht geschätzt",
        "Euro",
    ),
    (
        "kosten_laufend_eur_pro_jahr",
        "Geschätzte laufende Kosten pro Jahr; leer = noch nicht geschätzt",
        "Euro",
    ),
    (
        "kosten_je_jahr_eur",
        "Beträge je Haushaltsjahr als Jahr=Betrag, durch Semikolon getrennt",
        "Euro",
    ),
    ("foerderprogramm", "Förderprogramm oder Finanzierung", ""),
    (
        "foerderquote_prozent",
        "Förderquote; leer = unbekannt",
        "Prozent",
    ),
    (
        "status",
        "Stand: geplant, in Umsetzung, umgesetzt, zurückgestellt",
        "",
    ),
];

/// Euros with a point and two decimals, as machine-readable CSV wants them.
fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

fn csv_error(e: csv::Error) -> Error {
    Error::Export(format!("CSV: {e}"))
}

/// The files of the package, by name.
pub fn package(data: &ExportData) -> Result<Vec<(&'static str, Vec<u8>)>> {
    // A data set of no measures tells the portal's readers nothing (and its metadata would
    // say „Die 0 Maßnahmen“).
    if data.measures.measures.is_empty() {
        return Err(crate::error::Error::invalid(
            "Das Open-Data-Paket wäre leer: Es sind noch keine Maßnahmen erfasst. Bitte zuerst im Baustein 4 Maßnahmen anlegen.",
        ));
    }
    Ok(vec![
        (CSV_FILE, measures_csv(data)?),
        (COLUMNS_FILE, columns_csv()?),
        (METADATA_FILE, metadata(data)?),
        (README_FILE, readme(data).into_bytes()),
    ])
}

fn measures_csv(data: &ExportData) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS.iter().map(|c| c.0))
        .map_err(csv_error)?;
    for v in &data.measures.measures {
        let m = &v.measure;
        let per_year: Vec<String> = m
            .cost_by_year
            .iter()
            .map(|a| format!("{}={}", a.year, amount(a.cents)))
            .collect();
        let record: [String; 18] = [
            m.number.clone(),
            inert(&m.title),
            inert(&v.life_area_title),
            inert(&m.description),
            inert(&m.goal),
            inert(&m.lead),
            inert(&m.parties),
            m.priority.map_or(String::new(), |p| p.label().to_owned()),
            m.effort.map_or(String::new(), |e| e.to_string()),
            m.benefit.map_or(String::new(), |b| b.to_string()),
            m.start_quarter.clone().unwrap_or_default(),
            m.end_quarter.clone().unwrap_or_default(),
            m.cost_once_cents.map_or(String::new(), amount),
            m.cost_yearly_cents.map_or(String::new(), amount),
            per_year.join(";"),
            inert(&m.funding_programme),
            m.funding_rate.map_or(String::new(), |r| r.to_string()),
            m.status.label().to_owned(),
        ];
        w.write_record(&record).map_err(csv_error)?;
    }
    w.into_inner()
        .map_err(|e| Error::Export(format!("CSV: {e}")))
}

/// A text cell that a spreadsheet opening the CSV does not run as a formula: text beginning
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's advice
/// against CSV injection). Titles can come from citizens' phones, and the municipality
/// publishes this file; LIESMICH.txt says so.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn columns_csv() -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["spalte", "bedeutung", "einheit"])
        .map_err(csv_error)?;
    for (name, meaning, unit) in COLUMNS {
        w.write_record([name, meaning, unit]).map_err(csv_error)?;
    }
    w.into_inner()
        .map_err(|e| Error::Export(format!("CSV: {e}")))
}

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const DCATDE: &str = "http://dcat-ap.de/def/dcatde/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";

fn iri(base: &str, name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}{name}"))
}

fn german(text: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, "de").into()
}

/// DCAT-AP.de 2.0: the dataset (title, description, publisher, keywords, theme, dates, the
/// municipality's key as political geocoding) and its CSV distribution (licence, format).
fn metadata(data: &ExportData) -> Result<Vec<u8>> {
    let name = &data.profile.name;
    let dataset = NamedNode::new_unchecked(format!("urn:uuid:{}", data.project_id));
    let distribution = NamedNode::new_unchecked(format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!("{}/{CSV_FILE}", data.project_id).as_bytes()
        )
    ));
    let publisher = BlankNode::new_unchecked("herausgeber");
    let date: Term =
        Literal::new_typed_literal(data.date.format("%Y-%m-%d").to_string(), xsd::DATE).into();
    let attribution = data.profile.full_name();
    let mut triples: Vec<Triple> = Vec::new();
    let mut add = |s: NamedOrBlankNode, p: NamedNode, o: Term| triples.push(Triple::new(s, p, o));
    let ds: NamedOrBlankNode = dataset.clone().into();
    add(
        ds.clone(),
        rdf::TYPE.into_owned(),
        iri(DCAT, "Dataset").into(),
    );
    add(
        ds.clone(),
        iri(DCT, "title"),
        german(&format!("Maßnahmen der Digitalisierungsstrategie {name}")),
    );
    add(
        ds.clone(),
        iri(DCT, "description"),
        // „der Digitalisierungsstrategie Worms“ like the title: the kind before the name
        // („Kreisfreie Stadt Worms“) would need its genitive here.
        german(&format!(
            "{} der Digitalisierungsstrategie {name}: Titel, Lebensbereich, Federführung, Priorität, Zeitraum, geschätzte Kosten und Förderung. Spaltenbeschreibung in {COLUMNS_FILE}.",
            match data.measures.measures.len() {
                1 => "Die eine Maßnahme".to_string(),
                n => format!("Die {n} Maßnahmen"),
            }
        )),
    );
    add(
        ds.clone(),
        iri(DCT, "identifier"),
        Literal::new_simple_literal(dataset.as_str()).into(),
    );
    add(ds.clone(), iri(DCT, "issued"), date.clone());
    add(ds.clone(), iri(DCT, "modified"), date.clone());
    add(
        ds.clone(),
        iri(DCT, "language"),
        NamedNode::new_unchecked("http://publications.europa.eu/resource/authority/language/DEU")
            .into(),
    );
    add(
        ds.clone(),
        iri(DCAT, "theme"),
        NamedNode::new_unchecked(
            "http://publications.europa.eu/resource/authority/data-theme/GOVE",
        )
        .into(),
    );
    for keyword in [
        "Digitalisierung",
        "Digitalisierungsstrategie",
        "Maßnahmen",
        "Kommune",
    ] {
        add(ds.clone(), iri(DCAT, "keyword"), german(keyword));
    }
    add(ds.clone(), iri(DCT, "publisher"), publisher.clone().into());
    add(
        ds.clone(),
        iri(DCATDE, "licenseAttributionByText"),
        german(&attribution),
    );
    if !data.profile.ags.is_empty() {
        add(
            ds.clone(),
            iri(DCATDE, "politicalGeocodingURI"),
            NamedNode::new_unchecked(format!(
                "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{}",
                data.profile.ags
            ))
            .into(),
        );
        add(
            ds.clone(),
            iri(DCATDE, "politicalGeocodingLevelURI"),
            NamedNode::new_unchecked("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
                .into(),
        );
    }
    add(
        ds.clone(),
        iri(DCAT, "distribution"),
        distribution.clone().into(),
    );
    let p: NamedOrBlankNode = publisher.into();
    add(
        p.clone(),
        rdf::TYPE.into_owned(),
        iri(FOAF, "Organization").into(),
    );
    add(p, iri(FOAF, "name"), german(&attribution));
    let d: NamedOrBlankNode = distribution.into();
    add(
        d.clone(),
        rdf::TYPE.into_owned(),
        iri(DCAT, "Distribution").into(),
    );
    add(
        d.clone(),
        iri(DCT, "title"),
        german(&format!("Maßnahmen (CSV) – {name}")),
    );
    add(
        d.clone(),
        iri(DCAT, "accessURL"),
        NamedNode::new_unchecked(format!("file:{CSV_FILE}")).into(),
    );
    add(
        d.clone(),
        iri(DCT, "format"),
        NamedNode::new_unchecked("http://publications.europa.eu/resource/authority/file-type/CSV")
            .into(),
    );
    add(
        d.clone(),
        iri(DCAT, "mediaType"),
        NamedNode::new_unchecked("https://www.iana.org/assignments/media-types/text/csv").into(),
    );
    add(
        d.clone(),
        iri(DCT, "license"),
        NamedNode::new_unchecked(LICENCE).into(),
    );
    add(
        d.clone(),
        iri(DCATDE, "licenseAttributionByText"),
        german(&attribution),
    );
    add(d, iri(DCT, "issued"), date);

    let io = |e: std::io::Error| Error::Export(format!("Turtle: {e}"));
    let prefixes = |e: oxrdf::IriParseError| Error::Export(format!("Turtle: {e}"));
    let mut out = TurtleSerializer::new()
        .with_prefix("dcat", DCAT)
        .map_err(prefixes)?
        .with_prefix("dct", DCT)
        .map_err(prefixes)?
        .with_prefix("dcatde", DCATDE)
        .map_err(prefixes)?
        .with_prefix("foaf", FOAF)
        .map_err(prefixes)?
        .for_writer(Vec::new());
    for t in &triples {
        out.serialize_triple(t).map_err(io)?;
    }
    out.finish().map_err(io)
}

fn readme(data: &ExportData) -> String {
    format!(
        "Open-Data-Paket: Maßnahmen der Digitalisierungsstrategie {name}\r\n\
         \r\n\
         {CSV_FILE}   die Maßnahmen, eine Zeile je Maßnahme (UTF-8, Komma als Trennzeichen, Beträge in Euro mit Punkt)\r\n\
         {COLUMNS_FILE}      Bedeutung und Einheit jeder Spalte\r\n\
         {METADATA_FILE}    Metadaten nach DCAT-AP.de 2.0 (Turtle) für das Open-Data-Portal\r\n\
         \r\n\
         Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0 ({LICENCE}),\r\n\
         Namensnennung: {attribution}. Leere Felder bedeuten „noch nicht angegeben“, nicht 0.\r\n\
         Beim Hochladen ins Portal ersetzt das Portal die Zugriffsadresse (file:{CSV_FILE}) durch die Download-Adresse.\r\n\
         Personenbezogene Daten sind nicht enthalten.\r\n\
         Ein Textfeld, das mit =, +, -, @ oder einem Tabulator beginnt, steht mit vorangestelltem ' in der Datei:\r\n\
         so führt keine Tabellenkalkulation es als Formel aus.\r\n",
        name = data.profile.name,
        attribution = data.profile.full_name(),
    )
}
