//! The import parsers on valid and broken files.

use chrono::Utc;
use domain::{
    imports::{read_ics, read_table, to_outputs, Format, Mapping},
    touchpoints::Kind,
};

fn mapping() -> Mapping {
    Mapping {
        output: "reply".into(),
        input: "question".into(),
        external_id: "id".into(),
        produced_at: "".into(),
        model: "".into(),
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
    let outputs = to_outputs(&table, &mapping(), Kind::Email, Utc::now()).unwrap();
    assert_eq!(outputs[0].output, "Yes,\nfrom 10 to 4.");
    assert_eq!(outputs[0].external_id.as_deref(), Some("1"));
}

#[test]
fn broken_csv_files_name_the_line() {
    let latin1 = b"id,reply\n1,ok\n2,caf\xe9\n";
    assert_eq!(read_table(Format::Csv, latin1).unwrap_err().line, 3);
    let ragged = "id,reply\n1,ok\n2,too,many\n";
    let e = read_table(Format::Csv, ragged.as_bytes()).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("3 columns where the header has 2"), "{e}");
    assert!(read_table(Format::Csv, b"id,reply\n").is_err(), "no rows");

    let table = read_table(Format::Csv, "id,reply\n1,ok\n2,\n3,fine\n".as_bytes()).unwrap();
    let errors = to_outputs(&table, &Mapping { output: "reply".into(), ..Default::default() }, Kind::Email, Utc::now())
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].message.as_str()), (3, "output is required"));
    let missing =
        to_outputs(&table, &Mapping { output: "answer".into(), ..Default::default() }, Kind::Email, Utc::now())
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
    let outputs = to_outputs(&table, &m, Kind::Email, Utc::now()).unwrap();
    assert_eq!(outputs.len(), 50_000);
    assert_eq!(outputs[49_999].external_id.as_deref(), Some("m49999"));
}

#[test]
fn json_lines_valid_and_broken() {
    let file = "{\"output\": \"Hi\", \"model\": \"v2\", \"score\": 3}\n\n{\"output\": \"Bye\"}\n";
    let table = read_table(Format::JsonLines, file.as_bytes()).unwrap();
    assert_eq!(table.columns, ["model", "output", "score"], "keys in alphabetical order");
    assert_eq!(table.rows[1].line, 3);
    let outputs = to_outputs(&table, &Mapping::guess(&table.columns), Kind::Chatbot, Utc::now()).unwrap();
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
