//! A SQLite VFS that reads the checkpoint straight from its age stream, 64
//! KiB chunk by chunk, and keeps every write in memory: a command decrypts
//! only the pages its queries touch, not the whole image (the crate docs,
//! [cost](crate#cost); `shared/research/store-sync.md` section 2).
//!
//! age's STREAM encrypts a file in 64 KiB chunks, each authenticated on its
//! own, and its reader seeks: a read at offset `o` decrypts chunk `o / 64
//! KiB` only (`age::stream::StreamReader`'s `Seek`). The last chunk is
//! decrypted and checked when the file is opened, which authenticates the
//! plaintext's length. Decrypted chunks are cached, a bounded number.
//!
//! Writes (replaying the journal, a command's own changes) never reach the
//! file: they go to an overlay of 4 KiB blocks in memory, which reads see
//! first. Folding the journal into a new checkpoint serializes the database
//! through SQLite (every page read through here) into a new age file.
//!
//! The VFS, `coffer-age`, opens only main databases handed to it through
//! [`open`]; a journal, WAL or temp file is refused (the connection runs with
//! `journal_mode=MEMORY` and `temp_store=MEMORY`, so none is asked for), so
//! no plaintext reaches the disk.
//!
//! This is the one module with `unsafe` code: the VFS and file method
//! tables that SQLite calls, over `rusqlite::ffi`. Each callback checks its
//! pointers and catches nothing: it does not panic (every error becomes an
//! SQLite error code).
#![allow(unsafe_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ffi::{CStr, c_char, c_int, c_void};
use std::io::{Read, Seek, SeekFrom};
use std::sync::{Mutex, Once};

use rusqlite::{Connection, OpenFlags, ffi};
use zeroize::Zeroizing;

/// age's STREAM chunk size.
const CHUNK: u64 = 64 * 1024;
/// Decrypted chunks kept: 16 MiB. A lookup touches a handful; a listing
/// that reads a table through an index revisits chunks, and one decrypted
/// 64 KiB chunk costs about 70 us.
const CACHE_CHUNKS: usize = 256;
/// The overlay's block size.
const BLOCK: u64 = 4096;
const VFS_NAME: &CStr = c"coffer-age";

/// A readable, seekable decrypted stream: the checkpoint's age reader.
pub trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

/// A checkpoint's plaintext as SQLite sees it: chunks decrypted on demand,
/// writes in memory.
pub struct Image {
    reader: Box<dyn Source>,
    /// The authenticated plaintext length.
    base_len: u64,
    /// How much of the base is still visible (a truncation hides the rest).
    base_visible: u64,
    /// The database's length as SQLite sees it.
    len: u64,
    // Plaintext, wiped when dropped.
    cache: HashMap<u64, Zeroizing<Vec<u8>>>,
    order: VecDeque<u64>,
    overlay: BTreeMap<u64, Zeroizing<Vec<u8>>>,
}

impl Image {
    /// An image over `reader`, whose plaintext is `len` bytes.
    pub fn new(reader: impl Source + 'static, len: u64) -> Image {
        Image {
            reader: Box::new(reader),
            base_len: len,
            base_visible: len,
            len,
            cache: HashMap::new(),
            order: VecDeque::new(),
            overlay: BTreeMap::new(),
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn chunk(&mut self, index: u64) -> std::io::Result<&[u8]> {
        if !self.cache.contains_key(&index) {
            let start = index * CHUNK;
            let size = CHUNK.min(self.base_len - start) as usize;
            let mut buf = Zeroizing::new(vec![0u8; size]);
            self.reader.seek(SeekFrom::Start(start))?;
            self.reader.read_exact(&mut buf)?;
            if self.order.len() >= CACHE_CHUNKS
                && let Some(old) = self.order.pop_front()
            {
                self.cache.remove(&old);
            }
            self.order.push_back(index);
            self.cache.insert(index, buf);
        }
        Ok(&self.cache[&index])
    }

    /// Copy base bytes `[off, off + buf.len())`, zeros past what is visible.
    fn base_read(&mut self, off: u64, buf: &mut [u8]) -> std::io::Result<()> {
        let mut done = 0usize;
        while done < buf.len() {
            let at = off + done as u64;
            if at >= self.base_visible {
                buf[done..].fill(0);
                break;
            }
            let index = at / CHUNK;
            let within = (at % CHUNK) as usize;
            let visible = (self.base_visible - at) as usize;
            let chunk = self.chunk(index)?;
            let n = (chunk.len() - within).min(buf.len() - done).min(visible);
            buf[done..done + n].copy_from_slice(&chunk[within..within + n]);
            done += n;
        }
        Ok(())
    }

    /// Read `buf.len()` bytes at `off`; returns how many exist (the rest of
    /// `buf` is zeroed).
    pub fn read_at(&mut self, off: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.len.saturating_sub(off).min(buf.len() as u64) as usize;
        buf[avail..].fill(0);
        let mut done = 0usize;
        while done < avail {
            let at = off + done as u64;
            let block = at / BLOCK;
            let within = (at % BLOCK) as usize;
            let n = (BLOCK as usize - within).min(avail - done);
            match self.overlay.get(&block) {
                Some(b) => buf[done..done + n].copy_from_slice(&b[within..within + n]),
                None => self.base_read(at, &mut buf[done..done + n])?,
            }
            done += n;
        }
        Ok(avail)
    }

    fn write_at(&mut self, off: u64, data: &[u8]) -> std::io::Result<()> {
        let mut done = 0usize;
        while done < data.len() {
            let at = off + done as u64;
            let block = at / BLOCK;
            let within = (at % BLOCK) as usize;
            let n = (BLOCK as usize - within).min(data.len() - done);
            if !self.overlay.contains_key(&block) {
                let mut fresh = Zeroizing::new(vec![0u8; BLOCK as usize]);
                // What the block holds now, overlay aside.
                if block * BLOCK < self.len {
                    self.base_read(block * BLOCK, &mut fresh)?;
                }
                self.overlay.insert(block, fresh);
            }
            let b = self.overlay.get_mut(&block).expect("inserted above");
            b[within..within + n].copy_from_slice(&data[done..done + n]);
            done += n;
        }
        self.len = self.len.max(off + data.len() as u64);
        Ok(())
    }

    fn truncate(&mut self, size: u64) {
        self.len = size;
        self.base_visible = self.base_visible.min(size);
        let first_gone = size.div_ceil(BLOCK);
        self.overlay.split_off(&first_gone);
        if !size.is_multiple_of(BLOCK)
            && let Some(b) = self.overlay.get_mut(&(size / BLOCK))
        {
            b[(size % BLOCK) as usize..].fill(0);
        }
    }
}

/// The images handed to [`open`], until SQLite's `xOpen` takes them.
static PENDING: Mutex<Vec<(String, Box<Image>)>> = Mutex::new(Vec::new());
static REGISTER: Once = Once::new();
static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Open a connection on `image` through the `coffer-age` VFS, with the
/// rollback journal in memory.
pub fn open(image: Image) -> rusqlite::Result<Connection> {
    register();
    let name = format!(
        "coffer-age-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((name.clone(), Box::new(image)));
    let conn = Connection::open_with_flags_and_vfs(
        &name,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        VFS_NAME,
    );
    // Whatever happened, nothing stays behind for this name.
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|(n, _)| *n != name);
    let conn = conn?;
    conn.pragma_update_and_check(None, "journal_mode", "MEMORY", |r| r.get::<_, String>(0))?;
    Ok(conn)
}

#[repr(C)]
struct File {
    base: ffi::sqlite3_file,
    image: *mut Image,
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 1,
    xClose: Some(x_close),
    xRead: Some(x_read),
    xWrite: Some(x_write),
    xTruncate: Some(x_truncate),
    xSync: Some(x_sync),
    xFileSize: Some(x_file_size),
    xLock: Some(x_lock),
    xUnlock: Some(x_lock),
    xCheckReservedLock: Some(x_check_reserved_lock),
    xFileControl: Some(x_file_control),
    xSectorSize: Some(x_sector_size),
    xDeviceCharacteristics: Some(x_device_characteristics),
    xShmMap: None,
    xShmLock: None,
    xShmBarrier: None,
    xShmUnmap: None,
    xFetch: None,
    xUnfetch: None,
};

fn register() {
    REGISTER.call_once(|| {
        // SAFETY: sqlite3_vfs_find(NULL) returns the default VFS, which
        // lives as long as the process; ours is leaked to live as long.
        unsafe {
            let default = ffi::sqlite3_vfs_find(std::ptr::null());
            let vfs = Box::leak(Box::new(ffi::sqlite3_vfs {
                iVersion: 2,
                szOsFile: std::mem::size_of::<File>() as c_int,
                mxPathname: 512,
                pNext: std::ptr::null_mut(),
                zName: VFS_NAME.as_ptr(),
                pAppData: default.cast(),
                xOpen: Some(x_open),
                xDelete: Some(x_delete),
                xAccess: Some(x_access),
                xFullPathname: Some(x_full_pathname),
                xDlOpen: None,
                xDlError: None,
                xDlSym: None,
                xDlClose: None,
                xRandomness: Some(x_randomness),
                xSleep: Some(x_sleep),
                xCurrentTime: Some(x_current_time),
                xGetLastError: Some(x_get_last_error),
                xCurrentTimeInt64: Some(x_current_time_int64),
                xSetSystemCall: None,
                xGetSystemCall: None,
                xNextSystemCall: None,
            }));
            ffi::sqlite3_vfs_register(vfs, 0);
        }
    });
}

/// The default VFS, kept in ours as its app data.
unsafe fn default_vfs(vfs: *mut ffi::sqlite3_vfs) -> *mut ffi::sqlite3_vfs {
    // SAFETY: pAppData was set to the default VFS in register().
    unsafe { (*vfs).pAppData.cast() }
}

unsafe extern "C" fn x_open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    // SAFETY: SQLite passes a file of szOsFile bytes, and a name that is a
    // NUL-terminated string or NULL.
    unsafe {
        let f = file.cast::<File>();
        (*f).base.pMethods = std::ptr::null();
        (*f).image = std::ptr::null_mut();
        if name.is_null() || flags & ffi::SQLITE_OPEN_MAIN_DB == 0 {
            return ffi::SQLITE_CANTOPEN;
        }
        let Ok(name) = CStr::from_ptr(name).to_str() else {
            return ffi::SQLITE_CANTOPEN;
        };
        let image = {
            let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            match pending.iter().position(|(n, _)| n == name) {
                Some(i) => pending.swap_remove(i).1,
                None => return ffi::SQLITE_CANTOPEN,
            }
        };
        (*f).image = Box::into_raw(image);
        (*f).base.pMethods = &METHODS;
        if !out_flags.is_null() {
            *out_flags = flags;
        }
        ffi::SQLITE_OK
    }
}

unsafe fn image<'a>(file: *mut ffi::sqlite3_file) -> &'a mut Image {
    // SAFETY: only files x_open set up get these methods, and their image
    // lives until x_close.
    unsafe { &mut *(*file.cast::<File>()).image }
}

unsafe extern "C" fn x_close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: the image was made by Box::into_raw in x_open.
    unsafe {
        let f = file.cast::<File>();
        if !(*f).image.is_null() {
            drop(Box::from_raw((*f).image));
            (*f).image = std::ptr::null_mut();
        }
    }
    ffi::SQLITE_OK
}

/// A chunk that does not decrypt is a failed read, and one cut short a
/// short read; [`crate::error::is_read_failure`] words both as damage.
unsafe extern "C" fn x_read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    if amount <= 0 || buf.is_null() {
        return ffi::SQLITE_OK;
    }
    // SAFETY: SQLite passes a buffer of `amount` bytes.
    unsafe {
        let image = image(file);
        let out = std::slice::from_raw_parts_mut(buf.cast::<u8>(), amount.max(0) as usize);
        match image.read_at(offset.max(0) as u64, out) {
            Ok(n) if n == out.len() => ffi::SQLITE_OK,
            Ok(_) => ffi::SQLITE_IOERR_SHORT_READ,
            Err(_) => ffi::SQLITE_IOERR_READ,
        }
    }
}

unsafe extern "C" fn x_write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    if amount <= 0 || buf.is_null() {
        return ffi::SQLITE_OK;
    }
    // SAFETY: SQLite passes a buffer of `amount` bytes.
    unsafe {
        let image = image(file);
        let data = std::slice::from_raw_parts(buf.cast::<u8>(), amount.max(0) as usize);
        match image.write_at(offset.max(0) as u64, data) {
            Ok(()) => ffi::SQLITE_OK,
            Err(_) => ffi::SQLITE_IOERR_WRITE,
        }
    }
}

unsafe extern "C" fn x_truncate(file: *mut ffi::sqlite3_file, size: ffi::sqlite3_int64) -> c_int {
    // SAFETY: see `image`.
    unsafe { image(file).truncate(size.max(0) as u64) };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_sync(_file: *mut ffi::sqlite3_file, _flags: c_int) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_file_size(
    file: *mut ffi::sqlite3_file,
    size: *mut ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: SQLite passes a valid out pointer.
    unsafe { *size = image(file).len() as ffi::sqlite3_int64 };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_lock(_file: *mut ffi::sqlite3_file, _level: c_int) -> c_int {
    // One connection per image, in one process: nothing to lock (the vault's
    // own lock file serializes writers).
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_check_reserved_lock(
    _file: *mut ffi::sqlite3_file,
    out: *mut c_int,
) -> c_int {
    // SAFETY: SQLite passes a valid out pointer.
    unsafe { *out = 0 };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_file_control(
    _file: *mut ffi::sqlite3_file,
    _op: c_int,
    _arg: *mut c_void,
) -> c_int {
    ffi::SQLITE_NOTFOUND
}

unsafe extern "C" fn x_sector_size(_file: *mut ffi::sqlite3_file) -> c_int {
    BLOCK as c_int
}

unsafe extern "C" fn x_device_characteristics(_file: *mut ffi::sqlite3_file) -> c_int {
    0
}

unsafe extern "C" fn x_delete(
    _vfs: *mut ffi::sqlite3_vfs,
    _name: *const c_char,
    _sync_dir: c_int,
) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_access(
    _vfs: *mut ffi::sqlite3_vfs,
    _name: *const c_char,
    _flags: c_int,
    out: *mut c_int,
) -> c_int {
    // No journal, WAL or other file exists beside an image.
    // SAFETY: SQLite passes a valid out pointer.
    unsafe { *out = 0 };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_full_pathname(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    n_out: c_int,
    out: *mut c_char,
) -> c_int {
    // The name is a key into PENDING, kept as it is.
    // SAFETY: `name` is NUL-terminated and `out` holds `n_out` bytes.
    unsafe {
        let bytes = CStr::from_ptr(name).to_bytes_with_nul();
        if bytes.len() > n_out.max(0) as usize {
            return ffi::SQLITE_CANTOPEN;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr().cast(), out, bytes.len());
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_randomness(vfs: *mut ffi::sqlite3_vfs, n: c_int, out: *mut c_char) -> c_int {
    // SAFETY: delegated to the default VFS with SQLite's own arguments.
    unsafe {
        let d = default_vfs(vfs);
        match (*d).xRandomness {
            Some(f) => f(d, n, out),
            None => 0,
        }
    }
}

unsafe extern "C" fn x_sleep(vfs: *mut ffi::sqlite3_vfs, micros: c_int) -> c_int {
    // SAFETY: delegated to the default VFS.
    unsafe {
        let d = default_vfs(vfs);
        match (*d).xSleep {
            Some(f) => f(d, micros),
            None => 0,
        }
    }
}

unsafe extern "C" fn x_current_time(vfs: *mut ffi::sqlite3_vfs, out: *mut f64) -> c_int {
    // SAFETY: delegated to the default VFS.
    unsafe {
        let d = default_vfs(vfs);
        match (*d).xCurrentTime {
            Some(f) => f(d, out),
            None => ffi::SQLITE_ERROR,
        }
    }
}

unsafe extern "C" fn x_current_time_int64(
    vfs: *mut ffi::sqlite3_vfs,
    out: *mut ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: delegated to the default VFS.
    unsafe {
        let d = default_vfs(vfs);
        match (*d).xCurrentTimeInt64 {
            Some(f) => f(d, out),
            None => ffi::SQLITE_ERROR,
        }
    }
}

unsafe extern "C" fn x_get_last_error(
    _vfs: *mut ffi::sqlite3_vfs,
    _n: c_int,
    _out: *mut c_char,
) -> c_int {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An image over plain bytes, as a test source.
    fn image(bytes: Vec<u8>) -> Image {
        let len = bytes.len() as u64;
        Image::new(std::io::Cursor::new(bytes), len)
    }

    #[test]
    fn reads_writes_and_truncations_read_back() {
        let base: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut img = image(base.clone());
        let mut model = base.clone();
        let mut rng = 0x1234_5678u64;
        let mut next = |m: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % m
        };
        for _ in 0..2000 {
            match next(10) {
                0..=5 => {
                    let off = next(model.len() as u64 + 100);
                    let n = next(9000) as usize;
                    let mut buf = vec![0xEE; n];
                    let got = img.read_at(off, &mut buf).unwrap();
                    let want: Vec<u8> = (0..n)
                        .map(|i| model.get(off as usize + i).copied().unwrap_or(0))
                        .collect();
                    assert_eq!(got, model.len().saturating_sub(off as usize).min(n));
                    assert_eq!(buf, want);
                }
                6..=8 => {
                    let off = next(model.len() as u64 + 5000) as usize;
                    let data: Vec<u8> = (0..next(9000)).map(|i| (i * 7) as u8).collect();
                    img.write_at(off as u64, &data).unwrap();
                    if model.len() < off + data.len() {
                        model.resize(off + data.len(), 0);
                    }
                    model[off..off + data.len()].copy_from_slice(&data);
                }
                _ => {
                    let size = next(model.len() as u64 + 1) as usize;
                    img.truncate(size as u64);
                    model.truncate(size);
                }
            }
            assert_eq!(img.len(), model.len() as u64);
        }
    }

    #[test]
    fn a_database_round_trips_through_the_vfs() {
        // A real image, serialized from memory, opened through the VFS.
        let mut mem = Connection::open_in_memory().unwrap();
        mem.execute_batch(
            "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO t SELECT i, randomblob(100) FROM n;",
        )
        .unwrap();
        let bytes = mem.serialize(rusqlite::MAIN_DB).unwrap().to_vec();
        let mut conn = open(image(bytes)).unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3000);
        conn.execute_batch(
            "BEGIN; DELETE FROM t WHERE k > 100; INSERT INTO t VALUES (5000, x'00'); ROLLBACK;",
        )
        .unwrap();
        conn.execute("INSERT INTO t VALUES (5000, x'01')", [])
            .unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3001);
        let out = conn.serialize(rusqlite::MAIN_DB).unwrap().to_vec();
        let again = Connection::open_in_memory().unwrap();
        let mut again = again;
        again
            .deserialize_read_exact(rusqlite::MAIN_DB, &out[..], out.len(), false)
            .unwrap();
        let n: i64 = again
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3001);
        let ok: String = again
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
