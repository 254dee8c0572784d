//! The import parsers on valid and broken files.

use chrono::Utc;
use domain::{
    imports::{read_ics, read_table, read_table_as, times::DateOrder, to_outputs, Clock, Format, Mapping},
    touchpoints::Kind,
};

const CLOCK: Clock = Clock { tz: chrono_tz::UTC, order: DateOrder::DayFirst };

fn mapping() -> Mapping {
    Mapping {
        output: "reply".into(),
        input: "question".into(),
        external_id: "id".into(),
        produced_at: "".into(),
        model: "".into(),
        ..Default::default()
    }
}

#[test]
fn csv_with_quoted_newlines_and_a_guessed_mapping() {
    let file =
        "id,question,reply\n1,\"Open Sunday?\",\"Yes,\nfrom 10 to 4.\"\n2,Parking?,There is a car park behind us.\n";
    let table = read_table(Format::Csv, file.as_bytes()).unwrap();
    assert_eq!(table.columns, ["id", "question", "reply"]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1].line, 4, "line numbers count the quoted newline");
    assert_eq!(Mapping::guess(&table.columns), mapping());
    let outputs = to_outputs(&table, &mapping(), Kind::Email, CLOCK, Utc::now()).unwrap();
    assert_eq!(outputs[0].output, "Yes,\nfrom 10 to 4.");
    assert_eq!(outputs[0].external_id.as_deref(), Some("1"));
}

#[test]
fn broken_csv_files_name_the_line() {
    let utf8_with_bom_then_broken = b"\xEF\xBB\xBFid,reply\n1,ok\n2,caf\xe9\n";
    assert_eq!(read_table(Format::Csv, utf8_with_bom_then_broken).unwrap_err().line, 3);
    let ragged = "id,reply\n1,ok\n2,too,many\n";
    let e = read_table(Format::Csv, ragged.as_bytes()).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("3 columns where the header has 2"), "{e}");
    assert!(read_table(Format::Csv, b"id,reply\n").is_err(), "no rows");

    let table = read_table(Format::Csv, "id,reply\n1,ok\n2,\n3,fine\n".as_bytes()).unwrap();
    let errors =
        to_outputs(&table, &Mapping { output: "reply".into(), ..Default::default() }, Kind::Email, CLOCK, Utc::now())
            .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].message.as_str()), (3, "output is required"));
    let missing =
        to_outputs(&table, &Mapping { output: "answer".into(), ..Default::default() }, Kind::Email, CLOCK, Utc::now())
            .unwrap_err();
    assert_eq!(missing[0].message, "The file has no column \"answer\".");
}

#[test]
fn a_fifty_thousand_row_file_is_read_in_full() {
    let mut file = String::from("id,question,reply,timestamp\n");
    for i in 0..50_000 {
        file.push_str(&format!("m{i},\"Question {i}?\",\"Answer, number {i}\",2026-11-20T09:{:02}:00Z\n", i % 60));
    }
    let table = read_table(Format::Csv, file.as_bytes()).unwrap();
    let m = Mapping { produced_at: "timestamp".into(), ..mapping() };
    let outputs = to_outputs(&table, &m, Kind::Email, CLOCK, Utc::now()).unwrap();
    assert_eq!(outputs.len(), 50_000);
    assert_eq!(outputs[49_999].external_id.as_deref(), Some("m49999"));
}

#[test]
fn json_lines_valid_and_broken() {
    let file = "{\"output\": \"Hi\", \"model\": \"v2\", \"score\": 3}\n\n{\"output\": \"Bye\"}\n";
    let table = read_table(Format::JsonLines, file.as_bytes()).unwrap();
    assert_eq!(table.columns, ["model", "output", "score"], "keys in alphabetical order");
    assert_eq!(table.rows[1].line, 3);
    let outputs = to_outputs(&table, &Mapping::guess(&table.columns), Kind::Chatbot, CLOCK, Utc::now()).unwrap();
    assert_eq!(outputs[0].model.as_deref(), Some("v2"));
    let e = read_table(Format::JsonLines, b"{\"output\": \"Hi\"}\n{oops}\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert_eq!(read_table(Format::JsonLines, b"[1,2]\n").unwrap_err().message, "each line must be a JSON object.");
    assert_eq!(Format::detect("export.csv", "{"), Format::Csv);
    assert_eq!(Format::detect("export.txt", "{\"a\":1}"), Format::JsonLines);
}

#[test]
fn calendars_become_bookings() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:ev-1@salon\r\nDTSTAMP:20261120T080000Z\r\n\
DTSTART;TZID=Europe/London:20261127T100000\r\nDTEND;TZID=Europe/London:20261127T110000\r\nSUMMARY:Haircut for Sam\r\nLOCATION:Chair 2\r\n\
END:VEVENT\r\nBEGIN:VEVENT\r\nUID:ev-2@salon\r\nDTSTART:20261127T120000Z\r\nDTEND:20261127T123000Z\r\nSUMMARY:Beard trim\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let outputs = read_ics(ics.as_bytes(), chrono_tz::Europe::London).unwrap();
    assert_eq!(outputs.len(), 2);
    let b = outputs[0].booking.as_ref().unwrap();
    assert_eq!((b.resource.as_str(), b.starts_at.to_rfc3339().as_str()), ("Chair 2", "2026-11-27T10:00:00+00:00"));
    assert_eq!(outputs[0].external_id.as_deref(), Some("ev-1@salon"));
    assert_eq!(outputs[1].booking.as_ref().unwrap().resource, "calendar");

    let backwards = ics.replace("DTEND:20261127T123000Z", "DTEND:20261127T113000Z");
    let errors = read_ics(backwards.as_bytes(), chrono_tz::Europe::London).unwrap_err();
    assert_eq!(errors[0].message, "Event 2 (\"Beard trim\") ends before it starts.");
    assert!(read_ics(b"hello", chrono_tz::UTC).is_err());
}

/// What Excel saves in Germany: a byte-order mark, semicolons, CRLF, a quoted
/// reply over two lines and local times; and the same in Windows-1252.
#[test]
fn a_german_excel_csv_reads_with_its_separator_encoding_and_times() {
    let text = "Ticket-Nr.;Erstellt am;Kundenfrage;KI-Antwort\r\n1;01.12.2026 14:30;\"Offen?\";\"Ja,\r\nab 9 Uhr.\"\r\n2;02.12.2026 09:05;Parken?;Hinter dem Haus.\r\n";
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(text.as_bytes());
    let (table, reading) = read_table_as(Format::Csv, &utf8, None).unwrap();
    assert_eq!((reading.encoding, reading.delimiter), ("UTF-8", Some(b';')));
    assert_eq!(table.columns, ["Ticket-Nr.", "Erstellt am", "Kundenfrage", "KI-Antwort"]);
    assert_eq!(table.rows.len(), 2);
    let m = Mapping::guess(&table.columns);
    assert_eq!(
        (m.output.as_str(), m.produced_at.as_str(), m.external_id.as_str()),
        ("KI-Antwort", "Erstellt am", "Ticket-Nr.")
    );
    let berlin = chrono_tz::Europe::Berlin;
    let clock = Clock::for_column(&table, &m.produced_at, berlin, None);
    let outputs = to_outputs(&table, &m, Kind::Email, clock, Utc::now()).unwrap();
    assert_eq!(outputs[0].output, "Ja,\r\nab 9 Uhr.");
    assert_eq!(outputs[0].produced_at.to_rfc3339(), "2026-12-01T13:30:00+00:00", "14:30 in Berlin");
    // The same file from an older Windows program.
    let cp1252 = b"Nr;Antwort\r\n1;Gr\xfc\xdfe aus K\xf6ln, sch\xf6nen Tag\r\n";
    let (table, reading) = read_table_as(Format::Csv, cp1252, None).unwrap();
    assert_eq!(
        (reading.encoding, table.rows[0].values[1].as_str()),
        ("Windows-1252 (Latin-1)", "Grüße aus Köln, schönen Tag")
    );
    // Tabs and pipes are found too; the owner's choice wins.
    assert_eq!(read_table_as(Format::Csv, b"a\tb\n1\t2\n", None).unwrap().1.delimiter, Some(b'\t'));
    assert_eq!(read_table_as(Format::Csv, b"a|b\n1|2\n", None).unwrap().1.delimiter, Some(b'|'));
    assert_eq!(read_table_as(Format::Csv, b"a;b\n1;2\n", Some(b',')).unwrap().0.columns, ["a;b"]);
    // In New York an open column reads month first; a day over 12 settles a column day first.
    let read = |csv: &str, tz| {
        let (table, _) = read_table_as(Format::Csv, csv.as_bytes(), None).unwrap();
        let m = Mapping { output: "reply".into(), produced_at: "sent".into(), ..Default::default() };
        let clock = Clock::for_column(&table, "sent", tz, None);
        to_outputs(&table, &m, Kind::Email, clock, Utc::now())
    };
    let ny = chrono_tz::America::New_York;
    let us = read("reply,sent\nHi,12/01/2026 3:05 PM\n", ny).unwrap();
    assert_eq!(us[0].produced_at.to_rfc3339(), "2026-12-01T20:05:00+00:00");
    let settled = read("reply,sent\nHi,12/01/2026 3:05 PM\nBye,13/01/2026\n", ny).unwrap();
    assert_eq!(settled[0].produced_at.to_rfc3339(), "2026-01-12T20:05:00+00:00");
    // A cell that is no time is named by its line.
    let errors = read("reply,sent\nHi,soon\n", ny).unwrap_err();
    assert_eq!((errors[0].line, errors[0].message.contains("\"soon\" is not a date")), (2, true));
}
