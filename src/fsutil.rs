//! Small file-system helpers shared by the modules that make coffer's files.

use std::path::Path;

use crate::error::{Error, Result};

/// Create `dir`, and any missing parents, with mode 0700 (less the umask):
/// a folder coffer makes for keys or vaults is private whatever the umask.
/// Folders that already exist are left as they are.
pub fn create_private_dir_all(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io("cannot create folder", dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn new_folders_are_private_and_old_ones_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        std::fs::create_dir(&old).unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o750)).unwrap();
        create_private_dir_all(&old.join("a/b")).unwrap();
        assert_eq!(mode(&old), 0o750);
        assert_eq!(mode(&old.join("a")), 0o700);
        assert_eq!(mode(&old.join("a/b")), 0o700);
    }
}
