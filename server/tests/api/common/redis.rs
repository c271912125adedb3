//! A throwaway redis-server on a free port for the tests that need one (or the server named by
//! AUTHLAB_TEST_REDIS_URL). `scripts/setup.sh --test` installs redis-server.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct TestRedis {
    pub url: String,
    pub port: u16,
    child: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until_up(port: u16) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "redis-server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl TestRedis {
    /// A Redis for one test; `None` (with a note) when neither the binary nor the variable is there.
    pub fn start() -> Option<TestRedis> {
        if let Ok(url) = std::env::var("AUTHLAB_TEST_REDIS_URL") {
            return Some(TestRedis {
                url,
                port: 0,
                child: None,
            });
        }
        let port = free_port();
        let mut redis = TestRedis {
            url: format!("redis://127.0.0.1:{port}"),
            port,
            child: None,
        };
        if !redis.spawn() {
            eprintln!("note: redis-server is not installed; Redis tests skipped (scripts/setup.sh --test installs it)");
            return None;
        }
        Some(redis)
    }

    fn spawn(&mut self) -> bool {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match child {
            Ok(child) => {
                self.child = Some(child);
                wait_until_up(self.port);
                true
            }
            Err(_) => false,
        }
    }

    /// Stops the server (an outage); `restart` brings it back on the same port, empty.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn restart(&mut self) {
        assert!(self.spawn(), "redis-server came back");
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        self.stop();
    }
}
