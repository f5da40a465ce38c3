//! Running a user's command (`secrets:rotate --command`, `check
//! --notify-command`): `sh -c CMD` with bytes on its stdin, its stdout
//! captured up to a limit, its stderr passed through, and a time limit
//! after which it and every process it started are killed.
//!
//! What goes to the child goes through its stdin pipe only: never its
//! arguments, its environment or a file.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

/// A child command's time limit (`--timeout`): at least a second.
pub(crate) fn parse_child_timeout(s: &str) -> Result<Duration, crate::model::Invalid> {
    crate::model::Span::parse(s).map(|span| Duration::from_secs(span.secs().unsigned_abs()))
}

/// What a command did.
pub enum Outcome {
    /// It exited with this code (`None`: killed by a signal), and printed
    /// this much (`None`: more than the limit).
    Exited {
        code: Option<i32>,
        stdout: Option<Zeroizing<Vec<u8>>>,
    },
    /// It outlived its time limit and was killed.
    TimedOut,
}

/// Where a child's stdout goes.
pub enum Stdout {
    /// Captured, up to this many bytes.
    Capture(usize),
    /// To coffer's stderr (a notify command must not mix into a report on
    /// stdout).
    ToStderr,
}

/// The first INT, TERM or HUP coffer got while a command ran (0: none).
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);

/// The signal (INT, TERM or HUP) coffer got while a command ran, if any:
/// the caller finishes what the command did (a rotation command may
/// already have changed the credential, so its output is stored) and then
/// stops.
pub fn interrupted() -> Option<i32> {
    match INTERRUPTED.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Run `sh -c script` with `env` added, `input` on its stdin, for at most
/// `timeout`. The command runs in its own process group, which a Ctrl-C at
/// the terminal does not reach: INT, TERM and HUP that coffer gets while it
/// runs are passed on to that group, and coffer waits for it (see
/// [`interrupted`]) instead of leaving it running without a reader.
pub fn run(
    script: &str,
    env: &[(&str, &str)],
    input: &[u8],
    stdout: Stdout,
    timeout: Duration,
) -> std::io::Result<Outcome> {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script);
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Its own process group, so a time-out kills what it started too (`sh
    // -c 'sleep 30'` may leave `sleep` holding the pipe).
    cmd.process_group(0).stdin(Stdio::piped());
    let limit = match stdout {
        Stdout::Capture(limit) => {
            cmd.stdout(Stdio::piped());
            Some(limit)
        }
        Stdout::ToStderr => {
            cmd.stdout(std::io::stderr());
            None
        }
    };
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    let mut child = cmd.spawn()?;
    let pid = rustix::process::Pid::from_child(&child);
    let pass_on = |signals: &mut signal_hook::iterator::Signals| {
        for sig in signals.pending() {
            let _ = INTERRUPTED.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
            if let Some(s) = rustix::process::Signal::from_named_raw(sig) {
                let _ = rustix::process::kill_process_group(pid, s);
            }
        }
    };

    // Feed stdin and drain stdout on threads, so a child that does not
    // read, or prints more than a pipe holds, cannot stall us.
    let mut stdin = child.stdin.take().expect("piped");
    let input = Zeroizing::new(input.to_vec());
    let writer = std::thread::spawn(move || {
        // A child that exits without reading all of it closes the pipe:
        // not an error of ours.
        let _ = stdin.write_all(&input);
    });
    let reader = child.stdout.take().map(|out| {
        let limit = limit.expect("captured");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Zeroizing::new(Vec::new());
            let result = out
                .take(limit as u64 + 1)
                .read_to_end(&mut buf)
                .map(|_| (buf.len() <= limit).then_some(buf));
            let _ = tx.send(result);
        });
        rx
    });

    let deadline = Instant::now() + timeout;
    let status = loop {
        pass_on(&mut signals);
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let kill = |child: &mut std::process::Child| {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        let _ = child.kill();
        let _ = child.wait();
    };
    let Some(status) = status else {
        // The threads end when the killed processes' pipes close; a
        // process that left the group may keep them open, so they are not
        // waited for.
        kill(&mut child);
        return Ok(Outcome::TimedOut);
    };
    // A process the command left behind may still hold its stdout: the
    // output is complete when the pipe closes, within the same time limit.
    let stdout = match reader {
        Some(rx) => match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(result) => result?,
            Err(_) => {
                kill(&mut child);
                return Ok(Outcome::TimedOut);
            }
        },
        None => Some(Zeroizing::new(Vec::new())),
    };
    drop(writer);
    Ok(Outcome::Exited {
        code: status.code(),
        stdout,
    })
}
