//! Serving on a socket: a request in flight when shutdown begins still gets its answer.

mod support;

use std::time::Duration;

use amends_server::{ServerSettings, serve_with_listener};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use support::{Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_in_flight_finishes_after_shutdown_begins() {
    let app = TestApp::start(Backend::Sqlite, ServerSettings::default()).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(serve_with_listener(listener, app.state.clone(), async {
        stopped.await.ok();
    }));

    let body = r#"{"external_id": "C-late", "name": "Ada Byrne", "time_zone": "UTC"}"#;
    let (first_half, second_half) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /api/v1/customers HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        app.agent,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first_half.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!server.is_finished(), "the server waits for the request in flight");
    stream.write_all(second_half.as_bytes()).await.unwrap();

    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert!(response.contains("\"external_id\":\"C-late\""), "{response}");
    tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap().unwrap();
    app.finish().await;
}
