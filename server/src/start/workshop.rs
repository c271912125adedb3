//! Workshop mode: one laptop, a room of browsers. Besides its loopback address the server
//! listens over https on every interface (`--workshop`, port `--workshop-port`), with the
//! certificate of `tls.rs`, and prints what the room needs: the URL on the LAN, as a QR code,
//! and the certificate's fingerprint to compare before accepting it.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;

/// This machine's address on its LAN: the source address it would use to reach a private
/// address (a UDP "connect" sends nothing). None without a network.
pub fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(10, 255, 255, 255), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The names the certificate is for: the loopback names, the LAN address, the allowed names.
pub fn certificate_names(lan: Option<IpAddr>, allowed: &[String]) -> Vec<String> {
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    names.extend(lan.map(|ip| ip.to_string()));
    for name in allowed {
        let name = name.trim_matches(['[', ']']).to_owned();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// What the presenter reads out or projects: the URL, its QR code, the fingerprint.
pub fn announcement(url: &str, fingerprint: &str, generated: bool) -> String {
    let qr = QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .build()
        })
        .unwrap_or_default();
    let new = if generated {
        "a new certificate: attendees accept it once"
    } else {
        "the certificate attendees accepted before"
    };
    format!(
        "\nWorkshop mode: the room opens\n\n    {url}\n\n{qr}\n\nTLS certificate ({new}), SHA-256 fingerprint:\n    {fingerprint}\nAttendees compare it with the one their browser shows before accepting.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_and_the_announcement() {
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        let names = certificate_names(Some(lan), &["authlab.lan".to_owned(), "[::1]".to_owned()]);
        assert_eq!(
            names,
            [
                "localhost",
                "127.0.0.1",
                "192.168.1.20",
                "authlab.lan",
                "::1"
            ]
        );
        let text = announcement("https://192.168.1.20:3443/", "AB:CD", true);
        assert!(text.contains("https://192.168.1.20:3443/"));
        assert!(text.contains("AB:CD"));
        assert!(
            text.contains('█') || text.contains('▀') || text.contains('▄'),
            "a QR code"
        );
    }
}
