//! A small but real SMTP server on loopback for the email tests: it speaks
//! the protocol (EHLO, MAIL, RCPT, DATA, QUIT), keeps each message it
//! accepts, and can be told to refuse mail for a while (451) or to keep a
//! message without ever confirming it (to stop a sender mid-send).

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc, Mutex,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
};

#[derive(Clone)]
pub struct Sink {
    pub url: String,
    pub messages: Arc<Mutex<Vec<String>>>,
    pub refuse: Arc<AtomicBool>,
    pub hold: Arc<AtomicBool>,
}

impl Sink {
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Sink {
            url: format!("smtp://{}", listener.local_addr().unwrap()),
            messages: Arc::default(),
            refuse: Arc::default(),
            hold: Arc::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, s.clone()));
            }
        });
        sink
    }

    pub fn refuse(&self, on: bool) {
        self.refuse.store(on, Ordering::SeqCst);
    }

    pub fn all(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
}

async fn session(stream: TcpStream, sink: Sink) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 sink.test ESMTP ready\r\n").await;
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
            "HELO" | "RSET" | "NOOP" | "RCPT" => b"250 OK\r\n",
            "MAIL" if sink.refuse.load(Ordering::SeqCst) => b"451 4.3.0 Try again later\r\n",
            "MAIL" => b"250 OK\r\n",
            "DATA" => {
                let _ = write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await;
                let mut data = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push_str("\r\n");
                }
                sink.messages.lock().unwrap().push(data);
                if sink.hold.load(Ordering::SeqCst) {
                    // Never confirm: the sender waits until it gives up or dies.
                    let _ = lines.next_line().await;
                    return;
                }
                b"250 2.0.0 Ok: queued as 1\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 Bye\r\n").await;
                return;
            }
            _ => b"502 Command not implemented\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
