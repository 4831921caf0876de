//! Where a project file lies: a cloud-synced folder (OneDrive, Dropbox, Nextcloud, Google Drive …)
//! or a network mount (SMB/NFS/FUSE) can replace the file underneath an open SQLite database or
//! leave conflicting copies; SQLite's locks do not work reliably there. Such a file gets a warning
//! and the offer to work on a local copy.

use std::path::Path;

/// Folder names of sync clients (compared case-insensitively with each path component).
const SYNC_FOLDERS: &[(&str, &str)] = &[
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("meine ablage", "Google Drive"),
    ("icloud drive", "iCloud"),
    ("icloud", "iCloud"),
    ("seafile", "Seafile"),
    ("magentacloud", "MagentaCLOUD"),
    ("pcloud", "pCloud"),
    ("box sync", "Box"),
    ("sharepoint", "SharePoint"),
];

/// File system types of network or user-space mounts (Linux `/proc/self/mountinfo`).
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "davfs",
    "ceph",
    "glusterfs",
    "afs",
];

/// A German warning when `path` lies in a synced or network folder, else `None`.
pub fn warning(path: &Path) -> Option<String> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let place = sync_service(&path).or_else(|| network_mount(&path));
    place.map(|place| {
        format!(
            "Diese Projektdatei liegt in einem {place}. Dort kann die Datei während der Arbeit \
             ersetzt oder doppelt angelegt werden. Arbeiten Sie besser mit einer lokalen Kopie und \
             senden Sie sie anschließend mit „Kopie senden…“."
        )
    })
}

/// "synchronisierten Ordner (OneDrive)" when a path component names a sync client.
fn sync_service(path: &Path) -> Option<String> {
    path.components().find_map(|c| {
        let name = c.as_os_str().to_string_lossy().to_lowercase();
        SYNC_FOLDERS
            .iter()
            .find(|(key, _)| {
                name == *key
                    || name.starts_with(&format!("{key} -"))
                    || name.starts_with(&format!("{key}-"))
            })
            .map(|(_, service)| format!("synchronisierten Ordner ({service})"))
    })
}

fn network_mount(path: &Path) -> Option<String> {
    let text = path.to_string_lossy();
    if text.starts_with(r"\\") || text.starts_with(r"\\?\UNC\") {
        return Some("Netzwerkordner".into());
    }
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    mount_type(path, &mountinfo)
        .filter(|fs| NETWORK_FS.contains(&fs.as_str()) || fs.starts_with("fuse"))
        .map(|fs| format!("Netzwerk- oder FUSE-Laufwerk ({fs})"))
}

/// The file system type of the mount that contains `path`, from the text of `/proc/self/mountinfo`
/// (the longest mount point that is a prefix of the path).
pub fn mount_type(path: &Path, mountinfo: &str) -> Option<String> {
    mountinfo
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            let mount_point = unescape(fields.get(4)?);
            let dash = fields.iter().position(|f| *f == "-")?;
            let fs = fields.get(dash.checked_add(1)?)?.to_string();
            path.starts_with(&mount_point)
                .then_some((mount_point.len(), fs))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, fs)| fs)
}

/// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
fn unescape(field: &str) -> String {
    field
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 22 0:35 / /mnt/amt rw,relatime shared:20 - cifs //server/amt rw,vers=3.0
41 22 0:36 / /home/ada/Gemeinsame\\040Dateien rw - fuse.sshfs ada@host: rw
";

    #[test]
    fn the_longest_mount_point_decides() {
        assert_eq!(
            mount_type(Path::new("/home/ada/x.zukunft"), MOUNTINFO).as_deref(),
            Some("ext4")
        );
        assert_eq!(
            mount_type(Path::new("/mnt/amt/Projekt.zukunft"), MOUNTINFO).as_deref(),
            Some("cifs")
        );
        assert_eq!(
            mount_type(
                Path::new("/home/ada/Gemeinsame Dateien/a.zukunft"),
                MOUNTINFO
            )
            .as_deref(),
            Some("fuse.sshfs")
        );
        // A mount point is a path prefix by components, not by characters.
        assert_eq!(
            mount_type(Path::new("/mnt/amtsblatt/a.zukunft"), MOUNTINFO).as_deref(),
            Some("ext4")
        );
    }

    #[test]
    fn sync_folders_are_recognised_by_component() {
        assert!(
            sync_service(Path::new("/Users/ada/OneDrive - Landkreis/Projekt.zukunft")).is_some()
        );
        assert!(sync_service(Path::new("C:/Users/ada/Dropbox/Projekt.zukunft")).is_some());
        assert!(sync_service(Path::new("/home/ada/Nextcloud/a.zukunft")).is_some());
        assert!(sync_service(Path::new("/home/ada/Dokumente/Dropboxer/a.zukunft")).is_none());
    }
}
