// PostfixConfiguration: the files of a private Postfix instance (main.cf, master.cf, the virtual mailbox table) under
// one root directory: queue, data directory, Maildirs and maillog_file all inside it, smtpd on one loopback port,
// XFORWARD trusted from 127.0.0.0/8, no chroot. Used by PostfixInstance; README's step by step is the same recipe.
using System.Runtime.Versioning;

namespace Edge.Interop.Tests.Hosting;

internal static class PostfixConfiguration
{
    public const string ConfigDirectory = "conf";
    public const string MailDirectory = "mail";
    public const string LogFile = "maillog";

    /// <summary>Writes the instance below <paramref name="root"/>: smtpd on 127.0.0.1:<paramref name="port"/>, a Maildir per mailbox.</summary>
    [SupportedOSPlatform("linux")]
    public static void Write(string root, int port, int uid, int gid, IReadOnlyList<string> mailboxes)
    {
        string configDirectory = Path.Combine(root, ConfigDirectory);
        string mailBase = Path.Combine(root, MailDirectory);
        string logFile = Path.Combine(root, LogFile);

        // The daemons run as the postfix user: they must traverse the temp directory (created 0700), and virtual(8)
        // (running as uid/gid below) creates the Maildirs under the mail base.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(configDirectory);
        Directory.CreateDirectory(mailBase);
        File.SetUnixFileMode(mailBase, (UnixFileMode)0b1_111_111_111); // 1777: sticky, writable by the delivery agent

        // queue_directory is root's (0755); postfix start creates its subdirectories and data_directory with the
        // owners `postfix check` expects (a data_directory created here would be root's and refused).
        Directory.CreateDirectory(Path.Combine(root, "queue"));
        File.WriteAllText(Path.Combine(configDirectory, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {root}/queue
            data_directory = {root}/data
            mail_owner = postfix
            setgid_group = postdrop
            myhostname = {PostfixInstance.HostName}
            mydomain = {PostfixInstance.Domain}
            myorigin = $myhostname
            smtpd_banner = $myhostname ESMTP
            mydestination =
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            # Edge connects from loopback; it forwards the original client's name, address, port and HELO.
            smtpd_authorized_xforward_hosts = 127.0.0.0/8
            # ... or, for a backend with Edge:Backends:N:Xclient, takes over the session as that client (XCLIENT).
            smtpd_authorized_xclient_hosts = 127.0.0.0/8
            smtpd_client_port_logging = yes
            alias_maps =
            alias_database =
            relay_domains =
            virtual_mailbox_domains = {PostfixInstance.Domain}
            virtual_mailbox_base = {mailBase}
            virtual_mailbox_maps = texthash:{configDirectory}/vmailbox
            virtual_minimum_uid = 1
            virtual_uid_maps = static:{uid}
            virtual_gid_maps = static:{gid}
            maillog_file = {logFile}
            maillog_file_prefixes = {root}
            biff = no

            """);

        // virtual(8): a result ending in "/" is a Maildir, relative to virtual_mailbox_base.
        File.WriteAllLines(Path.Combine(configDirectory, "vmailbox"), mailboxes.Select(m => $"{m}@{PostfixInstance.Domain} {m}/"));

        // No chroot (the temp directory is not a chroot jail); postlogd writes maillog_file.
        File.WriteAllText(Path.Combine(configDirectory, "master.cf"), $"""
            127.0.0.1:{port} inet n - n - - smtpd
            pickup    unix  n - n 60   1 pickup
            cleanup   unix  n - n -    0 cleanup
            qmgr      unix  n - n 300  1 qmgr
            rewrite   unix  - - n -    - trivial-rewrite
            bounce    unix  - - n -    0 bounce
            defer     unix  - - n -    0 bounce
            trace     unix  - - n -    0 bounce
            verify    unix  - - n -    1 verify
            flush     unix  n - n 1000? 0 flush
            proxymap  unix  - - n -    - proxymap
            smtp      unix  - - n -    - smtp
            showq     unix  n - n -    - showq
            error     unix  - - n -    - error
            retry     unix  - - n -    - error
            discard   unix  - - n -    - discard
            local     unix  - n n -    - local
            virtual   unix  - n n -    - virtual
            anvil     unix  - - n -    1 anvil
            scache    unix  - - n -    1 scache
            postlog   unix-dgram n - n - 1 postlogd

            """);
    }
}
