//! File imports: the column mapping, line problems and a job's progress.

use serde::{Deserialize, Serialize};

/// A problem at one line of the file (1-based; 0 for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        LineError { line, message: message.into() }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "Line {}: {}", self.line, self.message)
        }
    }
}

/// Which column holds which field (column names; empty for none). `output`
/// is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub output: String,
    pub input: String,
    pub external_id: String,
    pub produced_at: String,
    pub model: String,
    /// For a scheduling touchpoint's bookings: what was booked, from and
    /// until when, and for whom.
    pub resource: String,
    pub starts_at: String,
    pub ends_at: String,
    pub customer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportStatus {
    pub id: i64,
    pub touchpoint_id: i64,
    pub file_name: String,
    pub format: String,
    pub status: String,
    pub total: i64,
    pub processed: i64,
    pub stored: i64,
    pub duplicates: i64,
    pub errors: Vec<LineError>,
    /// Column names and the first rows, while waiting for the mapping.
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub guess: Mapping,
    /// Events found in a calendar, while waiting to start.
    pub events: usize,
    /// How a table was read: its encoding ("UTF-8", "Windows-1252 (Latin-1)")
    /// and CSV separator ("comma", "semicolon", "tab", "pipe"; empty for JSON Lines).
    pub encoding: String,
    pub delimiter: String,
    /// How dates like 01/02/2026 in the time column read ("day-first" or
    /// "month-first"), whether the file leaves that open (so the owner
    /// confirms it), and the first row's time as read.
    pub date_order: String,
    pub dates_ambiguous: bool,
    pub time_example: String,
    /// The touchpoint takes bookings: the mapping has booking columns too.
    pub bookings: bool,
    /// A workbook's sheets, and the one read.
    pub sheets: Vec<String>,
    pub sheet: String,
}

/// Words that say a column holds a field, in English, German, French and
/// Spanish headers, with how strongly (3: the word names it; 1: a hint).
const WORDS: [(&str, &[(&str, u32)]); 9] = [
    (
        "output",
        &[
            ("output", 3),
            ("reply", 3),
            ("response", 3),
            ("answer", 3),
            ("draft", 3),
            ("ai", 2),
            ("bot", 2),
            ("completion", 3),
            ("generated", 2),
            ("suggested", 2),
            ("antwort", 3),
            ("entwurf", 3),
            ("ki", 2),
            ("reponse", 3),
            ("brouillon", 3),
            ("ia", 2),
            ("respuesta", 3),
            ("borrador", 3),
            ("text", 1),
            ("body", 1),
        ],
    ),
    (
        "input",
        &[
            ("input", 3),
            ("prompt", 3),
            ("question", 3),
            ("message", 2),
            ("customer", 2),
            ("request", 3),
            ("query", 3),
            ("inquiry", 3),
            ("enquiry", 3),
            ("incoming", 2),
            ("nachricht", 2),
            ("frage", 3),
            ("kunde", 2),
            ("anfrage", 3),
            ("client", 2),
            ("demande", 3),
            ("mensaje", 2),
            ("pregunta", 3),
            ("cliente", 2),
            ("consulta", 3),
        ],
    ),
    (
        "external_id",
        &[
            ("id", 3),
            ("ticket", 2),
            ("number", 2),
            ("reference", 3),
            ("ref", 3),
            ("uid", 3),
            ("no", 1),
            ("nr", 2),
            ("nummer", 2),
            ("referenz", 3),
            ("numero", 2),
            ("referencia", 3),
        ],
    ),
    (
        "produced_at",
        &[
            ("date", 3),
            ("time", 3),
            ("timestamp", 3),
            ("created", 3),
            ("sent", 3),
            ("at", 1),
            ("when", 2),
            ("datum", 3),
            ("zeit", 3),
            ("erstellt", 3),
            ("gesendet", 3),
            ("heure", 3),
            ("cree", 3),
            ("envoye", 3),
            ("fecha", 3),
            ("hora", 3),
            ("creado", 3),
            ("enviado", 3),
        ],
    ),
    (
        "model",
        &[("model", 3), ("version", 3), ("engine", 3), ("modell", 3), ("modele", 3), ("modelo", 3), ("motor", 3)],
    ),
    (
        "resource",
        &[
            ("resource", 3),
            ("room", 3),
            ("table", 3),
            ("staff", 3),
            ("stylist", 3),
            ("location", 3),
            ("calendar", 2),
            ("ressource", 3),
            ("raum", 3),
            ("tisch", 3),
            ("salle", 3),
            ("sala", 3),
            ("mesa", 3),
        ],
    ),
    (
        "starts_at",
        &[
            ("start", 4),
            ("starts", 4),
            ("begin", 4),
            ("from", 3),
            ("beginn", 4),
            ("von", 3),
            ("debut", 4),
            ("inicio", 4),
            ("desde", 3),
        ],
    ),
    (
        "ends_at",
        &[
            ("end", 4),
            ("ends", 4),
            ("until", 4),
            ("to", 2),
            ("finish", 4),
            ("ende", 4),
            ("bis", 3),
            ("fin", 4),
            ("hasta", 3),
        ],
    ),
    (
        "customer",
        &[
            ("customer", 4),
            ("client", 4),
            ("guest", 4),
            ("name", 2),
            ("kunde", 4),
            ("gast", 4),
            ("cliente", 4),
            ("invitado", 4),
        ],
    ),
];

/// A header's words: lower case, accents dropped, split at anything that is
/// not a letter or digit and where camelCase changes case.
fn words(header: &str) -> Vec<String> {
    let mut spaced = String::new();
    let mut prev_lower = false;
    for c in header.chars() {
        if c.is_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_lowercase();
        spaced.extend(c.to_lowercase());
    }
    let plain: String = spaced
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    plain.split_whitespace().map(str::to_string).collect()
}

impl Mapping {
    /// A guess for each field from the words in the headers ("AI Draft Reply"
    /// is the output, "Ticket ID" the id, "Erstellt am" the time): the
    /// strongest match first, each column used once.
    pub fn guess(columns: &[String]) -> Mapping {
        Mapping::guess_for(columns, false)
    }

    /// The same, with the booking columns too (for a scheduling touchpoint).
    pub fn guess_for(columns: &[String], bookings: bool) -> Mapping {
        let fields = if bookings { WORDS.len() } else { 5 };
        let mut scored: Vec<(u32, usize, usize)> = Vec::new();
        for (c, header) in columns.iter().enumerate() {
            let words = words(header);
            for (f, (_, list)) in WORDS.iter().enumerate().take(fields) {
                let score: u32 = list.iter().filter(|(w, _)| words.iter().any(|x| x == w)).map(|(_, s)| s).sum();
                if score >= 2 {
                    scored.push((score, f, c));
                }
            }
        }
        // Strongest first; on a tie, the earlier field, then the earlier column.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut chosen: [Option<usize>; 9] = [None; 9];
        let mut used = vec![false; columns.len()];
        for (_, f, c) in scored {
            if chosen[f].is_none() && !used[c] {
                chosen[f] = Some(c);
                used[c] = true;
            }
        }
        let name = |f: usize| chosen[f].map(|c| columns[c].clone()).unwrap_or_default();
        Mapping {
            output: name(0),
            input: name(1),
            external_id: name(2),
            produced_at: name(3),
            model: name(4),
            resource: name(5),
            starts_at: name(6),
            ends_at: name(7),
            customer: name(8),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Mapping;

    fn guess(headers: &[&str]) -> Mapping {
        Mapping::guess(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn headers_are_read_like_a_person_would() {
        let m = guess(&["Ticket ID", "Created At", "Customer Message", "AI Draft Reply", "Engine"]);
        assert_eq!(
            (m.external_id.as_str(), m.produced_at.as_str(), m.input.as_str(), m.output.as_str(), m.model.as_str()),
            ("Ticket ID", "Created At", "Customer Message", "AI Draft Reply", "Engine")
        );
        let de = guess(&["Nr.", "Erstellt am", "Kundenfrage", "Anfrage des Kunden", "KI-Antwort", "Modell"]);
        assert_eq!(
            (de.output.as_str(), de.input.as_str(), de.produced_at.as_str()),
            ("KI-Antwort", "Anfrage des Kunden", "Erstellt am")
        );
        assert_eq!((de.external_id.as_str(), de.model.as_str()), ("Nr.", "Modell"));
        let fr = guess(&["Numéro", "Date d'envoi", "Message du client", "Réponse IA"]);
        assert_eq!(
            (fr.output.as_str(), fr.input.as_str(), fr.produced_at.as_str()),
            ("Réponse IA", "Message du client", "Date d'envoi")
        );
        let es = guess(&["Referencia", "Fecha", "Pregunta", "Respuesta"]);
        assert_eq!(
            (es.external_id.as_str(), es.output.as_str(), es.input.as_str()),
            ("Referencia", "Respuesta", "Pregunta")
        );
        let plain = guess(&["id", "question", "reply", "createdAt", "model"]);
        assert_eq!((plain.output.as_str(), plain.produced_at.as_str()), ("reply", "createdAt"));
        assert_eq!(guess(&["colour", "size"]), Mapping::default(), "no guess beats a wrong one");
        let columns: Vec<String> =
            ["Booking ID", "Room", "Start", "End", "Guest name", "Confirmation"].map(String::from).to_vec();
        let b = Mapping::guess_for(&columns, true);
        assert_eq!(
            (
                b.external_id.as_str(),
                b.resource.as_str(),
                b.starts_at.as_str(),
                b.ends_at.as_str(),
                b.customer.as_str()
            ),
            ("Booking ID", "Room", "Start", "End", "Guest name")
        );
        assert_eq!(Mapping::guess(&columns).resource, "", "no booking columns for other touchpoints");
    }
}
