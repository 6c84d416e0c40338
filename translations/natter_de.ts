<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConversationExport</name>
    <message>
        <source>(deleted)</source>
        <translation>(gelöscht)</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>RawXmlSender</name>
    <message>
        <source>Nothing to send.</source>
        <translation>Nichts zu senden.</translation>
    </message>
    <message>
        <source>Enter one XML element, starting with &quot;&lt;&quot; and ending with &quot;&gt;&quot;.</source>
        <translation>Geben Sie ein XML-Element ein, das mit „&lt;“ beginnt und mit „&gt;“ endet.</translation>
    </message>
    <message>
        <source>Internal error: the check could not start.</source>
        <translation>Interner Fehler: Die Prüfung konnte nicht beginnen.</translation>
    </message>
    <message>
        <source>The XML is incomplete: an element is not closed.</source>
        <translation>Das XML ist unvollständig: Ein Element ist nicht geschlossen.</translation>
    </message>
    <message>
        <source>Closing the stream is not allowed here.</source>
        <translation>Den Stream zu schließen ist hier nicht erlaubt.</translation>
    </message>
    <message>
        <source>The XML is not well-formed: %1</source>
        <translation>Das XML ist nicht wohlgeformt: %1</translation>
    </message>
    <message>
        <source>Opening a stream is not allowed here.</source>
        <translation>Einen Stream zu öffnen ist hier nicht erlaubt.</translation>
    </message>
    <message>
        <source>Enter exactly one element; there is more after the first one.</source>
        <translation>Geben Sie genau ein Element ein; nach dem ersten folgt noch mehr.</translation>
    </message>
    <message>
        <source>Not connected: the XML was not sent.</source>
        <translation>Nicht verbunden: Das XML wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>The XML could not be sent.</source>
        <translation>Das XML konnte nicht gesendet werden.</translation>
    </message>
</context>
<context>
    <name>natter</name>
    <message>
        <source>The PLAIN exchange was already started.</source>
        <translation>Der PLAIN-Austausch wurde bereits begonnen.</translation>
    </message>
    <message>
        <source>The user name contains a character that is not allowed for login.</source>
        <translation>Der Benutzername enthält ein Zeichen, das bei der Anmeldung nicht erlaubt ist.</translation>
    </message>
    <message>
        <source>The user name is empty.</source>
        <translation>Der Benutzername ist leer.</translation>
    </message>
    <message>
        <source>The password contains a character that is not allowed for login.</source>
        <translation>Das Passwort enthält ein Zeichen, das bei der Anmeldung nicht erlaubt ist.</translation>
    </message>
    <message>
        <source>The password is empty.</source>
        <translation>Das Passwort ist leer.</translation>
    </message>
    <message>
        <source>The server sent an unexpected challenge.</source>
        <translation>Der Server hat eine unerwartete Challenge gesendet.</translation>
    </message>
    <message>
        <source>The server reported success before the credentials were sent.</source>
        <translation>Der Server hat Erfolg gemeldet, bevor die Zugangsdaten gesendet wurden.</translation>
    </message>
    <message>
        <source>The SCRAM exchange was already started.</source>
        <translation>Der SCRAM-Austausch wurde bereits begonnen.</translation>
    </message>
    <message>
        <source>The SCRAM client nonce is not printable.</source>
        <translation>Die SCRAM-Client-Nonce enthält nicht druckbare Zeichen.</translation>
    </message>
    <message>
        <source>The server sent an unexpected SCRAM challenge.</source>
        <translation>Der Server hat eine unerwartete SCRAM-Challenge gesendet.</translation>
    </message>
    <message>
        <source>The server reported success without proving that it knows your password.</source>
        <translation>Der Server hat Erfolg gemeldet, ohne zu beweisen, dass er Ihr Passwort kennt.</translation>
    </message>
    <message>
        <source>The server reported success before the SCRAM exchange was complete.</source>
        <translation>Der Server hat Erfolg gemeldet, bevor der SCRAM-Austausch abgeschlossen war.</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge.</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet.</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (unsupported mandatory extension).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (nicht unterstützte Pflichterweiterung).</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (nonce does not extend ours).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (die Nonce beginnt nicht mit unserer).</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (missing or invalid salt).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (Salt fehlt oder ist ungültig).</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (invalid iteration count).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (ungültige Iterationszahl).</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (iteration count above the limit of %1).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (Iterationszahl über dem Limit von %1).</translation>
    </message>
    <message>
        <source>The SCRAM key derivation failed.</source>
        <translation>Die SCRAM-Schlüsselableitung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The server reported a SCRAM error: %1</source>
        <translation>Der Server hat einen SCRAM-Fehler gemeldet: %1</translation>
    </message>
    <message>
        <source>The server could not prove that it knows your password (wrong SCRAM server signature).</source>
        <translation>Der Server konnte nicht beweisen, dass er Ihr Passwort kennt (falsche SCRAM-Serversignatur).</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (two downgrade protection hashes).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (zwei Hashes für den Downgrade-Schutz).</translation>
    </message>
    <message>
        <source>The server sent an invalid SCRAM challenge (invalid downgrade protection hash).</source>
        <translation>Der Server hat eine ungültige SCRAM-Challenge gesendet (ungültiger Hash für den Downgrade-Schutz).</translation>
    </message>
    <message>
        <source>The login methods the server offered were changed on the way to Natter (XEP-0474 downgrade protection); someone may be intercepting the connection. Natter stopped the login before proving your password.</source>
        <translation>Die vom Server angebotenen Anmeldeverfahren wurden auf dem Weg zu Natter verändert (XEP-0474-Downgrade-Schutz); möglicherweise fängt jemand die Verbindung ab. Natter hat die Anmeldung abgebrochen, bevor es die Kenntnis Ihres Passworts nachweisen musste.</translation>
    </message>
</context>
<context>
    <name>natter::Account</name>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindung wird hergestellt</translation>
    </message>
    <message>
        <source>Logging in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Disconnecting</source>
        <translation>Verbindung wird getrennt</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>natter::AccountStore</name>
    <message>
        <source>Cannot read the certificate file %1: %2.</source>
        <translation>Die Zertifikatsdatei %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The file %1 contains no PEM certificate.</source>
        <translation>Die Datei %1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>The profile name is empty.</source>
        <translation>Der Profilname ist leer.</translation>
    </message>
    <message>
        <source>The profile name is longer than 64 characters.</source>
        <translation>Der Profilname ist länger als 64 Zeichen.</translation>
    </message>
    <message>
        <source>The profile name “%1” may contain only letters (A–Z), digits, “.”, “_” and “-”, and must not start with “.” or “-”.</source>
        <translation>Der Profilname „%1“ darf nur Buchstaben (A–Z), Ziffern, „.“, „_“ und „-“ enthalten und nicht mit „.“ oder „-“ beginnen.</translation>
    </message>
    <message>
        <source>no password store (secret service) is available</source>
        <translation>Es ist kein Passwortspeicher (Secret Service) verfügbar</translation>
    </message>
    <message>
        <source>access to the password store was denied</source>
        <translation>Der Zugriff auf den Passwortspeicher wurde verweigert</translation>
    </message>
    <message>
        <source>the old password could not be removed from the password store</source>
        <translation>Das alte Passwort konnte nicht aus dem Passwortspeicher entfernt werden</translation>
    </message>
    <message>
        <source>the password store does not support this</source>
        <translation>Der Passwortspeicher unterstützt das nicht</translation>
    </message>
    <message>
        <source>the desktop&apos;s password store (secret service) could not be used</source>
        <translation>Der Passwortspeicher des Desktops (Secret Service) konnte nicht verwendet werden</translation>
    </message>
</context>
<context>
    <name>natter::AddContactDialog</name>
    <message>
        <source>Add Contact — Natter</source>
        <translation>Kontakt hinzufügen – Natter</translation>
    </message>
    <message>
        <source>romeo@example.net</source>
        <translation>romeo@example.net</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>The contact&apos;s XMPP address</source>
        <translation>Die XMPP-Adresse des Kontakts</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>How the contact is called in your contact list</source>
        <translation>Wie der Kontakt in Ihrer Kontaktliste heißt</translation>
    </message>
    <message>
        <source>No group, or type a new one</source>
        <translation>Keine Gruppe, oder eine neue eingeben</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Choose a group or type the name of a new one</source>
        <translation>Eine Gruppe wählen oder den Namen einer neuen eingeben</translation>
    </message>
    <message>
        <source>As&amp;k to see their presence</source>
        <translation>Um Sicht auf den Status &amp;bitten</translation>
    </message>
    <message>
        <source>Ask to see their presence</source>
        <translation>Um Sicht auf den Status bitten</translation>
    </message>
    <message>
        <source>Sends them a request; once they accept you see when they are online. They may see yours in return.</source>
        <translation>Sendet eine Anfrage; sobald sie angenommen ist, sehen Sie, wann der Kontakt online ist. Im Gegenzug darf er Ihren Status sehen.</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>A&amp;dresse:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Contacts are added without a resource: leave out “/%1”.</source>
        <translation>Kontakte werden ohne Ressource hinzugefügt: Lassen Sie „/%1“ weg.</translation>
    </message>
    <message>
        <source>This is your own address.</source>
        <translation>Das ist Ihre eigene Adresse.</translation>
    </message>
    <message>
        <source>Already in your contacts: adding updates the name and group.</source>
        <translation>Bereits in Ihren Kontakten: Hinzufügen aktualisiert Name und Gruppe.</translation>
    </message>
    <message>
        <source>Problem with the address</source>
        <translation>Problem mit der Adresse</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>natter::CertificatePanel</name>
    <message>
        <source>The server&apos;s certificate is not trusted</source>
        <translation>Dem Zertifikat des Servers wird nicht vertraut</translation>
    </message>
    <message>
        <source>Why the certificate was refused</source>
        <translation>Warum das Zertifikat abgelehnt wurde</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>Ausgestellt für</translation>
    </message>
    <message>
        <source>Also valid for</source>
        <translation>Auch gültig für</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Ausgestellt von</translation>
    </message>
    <message>
        <source>Validity</source>
        <translation>Gültigkeit</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Ausgestellt für:</translation>
    </message>
    <message>
        <source>Also valid for:</source>
        <translation>Auch gültig für:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Ausgestellt von:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Gültig:</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <source>Trust this certificate only if its fingerprint matches the one your server&apos;s administrator gave you. Natter will then accept exactly this certificate for this account, and refuse any other.</source>
        <translation>Vertrauen Sie diesem Zertifikat nur, wenn sein Fingerabdruck mit dem übereinstimmt, den Ihnen die Administration Ihres Servers genannt hat. Natter akzeptiert dann für dieses Konto genau dieses Zertifikat und lehnt jedes andere ab.</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for this account</source>
        <translation>Diesem Zertifikat für dieses Konto &amp;vertrauen</translation>
    </message>
    <message>
        <source>Trust this certificate for this account</source>
        <translation>Diesem Zertifikat für dieses Konto vertrauen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Cancel, do not trust the certificate</source>
        <translation>Abbrechen, dem Zertifikat nicht vertrauen</translation>
    </message>
    <message>
        <source>Untrusted certificate</source>
        <translation>Nicht vertrauenswürdiges Zertifikat</translation>
    </message>
    <message>
        <source>Natter could not confirm that it is really talking to %1, so it sent nothing and disconnected. Someone could be intercepting the connection — or the server uses a certificate that your system does not know, for example a self-signed one.</source>
        <translation>Natter konnte nicht bestätigen, dass es wirklich mit %1 spricht. Deshalb wurde nichts gesendet und die Verbindung getrennt. Jemand könnte die Verbindung abfangen – oder der Server verwendet ein Zertifikat, das Ihr System nicht kennt, zum Beispiel ein selbst signiertes.</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>(nicht angegeben)</translation>
    </message>
    <message>
        <source>from %1 until %2</source>
        <translation>von %1 bis %2</translation>
    </message>
    <message>
        <source>(expired)</source>
        <translation>(abgelaufen)</translation>
    </message>
    <message>
        <source>(not yet valid)</source>
        <translation>(noch nicht gültig)</translation>
    </message>
</context>
<context>
    <name>natter::ChatInput</name>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben …</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Up in an empty box edits your last message</source>
        <translation>Eingabetaste sendet, Umschalt+Eingabetaste beginnt eine neue Zeile, Pfeil nach oben im leeren Eingabefeld bearbeitet Ihre letzte Nachricht</translation>
    </message>
</context>
<context>
    <name>natter::ChatService</name>
    <message>
        <source>The message could not be saved, so it was not sent.</source>
        <translation>Die Nachricht konnte nicht gespeichert werden und wurde daher nicht gesendet.</translation>
    </message>
</context>
<context>
    <name>natter::ChatTab</name>
    <message>
        <source>&amp;Add to Contacts…</source>
        <translation>Zu Kontakten &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>Add to contacts</source>
        <translation>Zu Kontakten hinzufügen</translation>
    </message>
    <message>
        <source>Offline — messages will be sent when you are online</source>
        <translation>Offline – Nachrichten werden gesendet, sobald Sie online sind</translation>
    </message>
    <message>
        <source>Message to %1</source>
        <translation>Nachricht an %1</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabetaste)</translation>
    </message>
    <message>
        <source>%1 is not in your contacts.</source>
        <translation>%1 ist nicht in Ihren Kontakten.</translation>
    </message>
    <message>
        <source>&amp;Jump to Newest</source>
        <translation>Zur &amp;neuesten Nachricht</translation>
    </message>
    <message>
        <source>Jump to the newest messages</source>
        <translation>Zu den neuesten Nachrichten springen</translation>
    </message>
    <message>
        <source>Editing your last message — Escape cancels</source>
        <translation>Letzte Nachricht wird bearbeitet – Esc bricht ab</translation>
    </message>
    <message>
        <source>&amp;Cancel Editing</source>
        <translation>Bearbeiten &amp;abbrechen</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <source>Loading older messages…</source>
        <translation>Ältere Nachrichten werden geladen …</translation>
    </message>
    <message>
        <source>Beginning of the conversation</source>
        <translation>Anfang der Unterhaltung</translation>
    </message>
    <message numerus="yes">
        <source>New messages below: %n</source>
        <translation>
            <numerusform>Neue Nachrichten weiter unten: %n</numerusform>
            <numerusform>Neue Nachrichten weiter unten: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Newer messages below</source>
        <translation>Neuere Nachrichten weiter unten</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt …</translation>
    </message>
    <message>
        <source>Delete for Everyone</source>
        <translation>Für alle löschen</translation>
    </message>
    <message>
        <source>Delete this message for everyone?</source>
        <translation>Diese Nachricht für alle löschen?</translation>
    </message>
    <message>
        <source>It disappears here and in %1&apos;s chat, if their app supports deleting messages. Others may have read it already.</source>
        <translation>Die Nachricht verschwindet hier und im Chat von %1, sofern die App des Kontakts das Löschen von Nachrichten unterstützt. Andere haben sie möglicherweise schon gelesen.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Offline — the correction can be sent when you are online</source>
        <translation>Offline – die Korrektur kann gesendet werden, sobald Sie online sind</translation>
    </message>
</context>
<context>
    <name>natter::ChatWindow</name>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — Natter</source>
        <translation>%1 – Natter</translation>
    </message>
    <message>
        <source>Chats — Natter</source>
        <translation>Chats – Natter</translation>
    </message>
</context>
<context>
    <name>natter::ClientStream</name>
    <message>
        <source>The login did not complete in time.</source>
        <translation>Die Anmeldung wurde nicht rechtzeitig abgeschlossen.</translation>
    </message>
    <message>
        <source>The server stopped answering.</source>
        <translation>Der Server antwortet nicht mehr.</translation>
    </message>
    <message>
        <source>The certificate is not the one pinned for this account.</source>
        <translation>Das Zertifikat ist nicht das für dieses Konto festgelegte.</translation>
    </message>
    <message>
        <source>The server acknowledged more stanzas than were sent.</source>
        <translation>Der Server hat mehr Stanzas bestätigt, als gesendet wurden.</translation>
    </message>
    <message>
        <source>The server sent an acknowledgement without a valid count.</source>
        <translation>Der Server hat eine Bestätigung ohne gültigen Zähler gesendet.</translation>
    </message>
    <message>
        <source>The server closed the stream.</source>
        <translation>Der Server hat den Stream geschlossen.</translation>
    </message>
    <message>
        <source>The server sent data after &lt;proceed/&gt;.</source>
        <translation>Der Server hat nach &lt;proceed/&gt; Daten gesendet.</translation>
    </message>
    <message>
        <source>The server sent data before the stream was restarted.</source>
        <translation>Der Server hat Daten gesendet, bevor der Stream neu gestartet wurde.</translation>
    </message>
</context>
<context>
    <name>natter::ConnectionError</name>
    <message>
        <source>Disconnected.</source>
        <translation>Getrennt.</translation>
    </message>
    <message>
        <source>The server %1 could not be found.</source>
        <translation>Der Server %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The server %1 refused the connection.</source>
        <translation>Der Server %1 hat die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The server %1 did not answer in time.</source>
        <translation>Der Server %1 hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The connection to the server was lost.</source>
        <translation>Die Verbindung zum Server wurde unterbrochen.</translation>
    </message>
    <message>
        <source>The server does not offer an encrypted connection, so Natter did not log in.</source>
        <translation>Der Server bietet keine verschlüsselte Verbindung an, daher hat sich Natter nicht angemeldet.</translation>
    </message>
    <message>
        <source>The encrypted connection could not be set up.</source>
        <translation>Die verschlüsselte Verbindung konnte nicht aufgebaut werden.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted (SHA-256 fingerprint %1).</source>
        <translation>Dem Zertifikat des Servers wird nicht vertraut (SHA-256-Fingerabdruck %1).</translation>
    </message>
    <message>
        <source>The server offers no login method that Natter can use safely.</source>
        <translation>Der Server bietet kein Anmeldeverfahren an, das Natter sicher verwenden kann.</translation>
    </message>
    <message>
        <source>The server could not prove that it knows your password; it may be an impostor.</source>
        <translation>Der Server konnte nicht beweisen, dass er Ihr Passwort kennt; er könnte ein Betrüger sein.</translation>
    </message>
    <message>
        <source>The server did not let Natter start a session.</source>
        <translation>Der Server hat Natter keine Sitzung beginnen lassen.</translation>
    </message>
    <message>
        <source>The server sent data that breaks the XMPP protocol.</source>
        <translation>Der Server hat Daten gesendet, die das XMPP-Protokoll verletzen.</translation>
    </message>
    <message>
        <source>The connection was cancelled.</source>
        <translation>Die Verbindung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Details: %1</translation>
    </message>
    <message>
        <source>The password is wrong, or the account does not exist.</source>
        <translation>Das Passwort ist falsch oder das Konto existiert nicht.</translation>
    </message>
    <message>
        <source>The account has been disabled.</source>
        <translation>Das Konto wurde deaktiviert.</translation>
    </message>
    <message>
        <source>The password has expired; set a new one with your provider.</source>
        <translation>Das Passwort ist abgelaufen; legen Sie bei Ihrem Anbieter ein neues fest.</translation>
    </message>
    <message>
        <source>The server requires a stronger encryption for this login method.</source>
        <translation>Der Server verlangt für dieses Anmeldeverfahren eine stärkere Verschlüsselung.</translation>
    </message>
    <message>
        <source>The server rejected the login request (%1).</source>
        <translation>Der Server hat die Anmeldeanfrage abgelehnt (%1).</translation>
    </message>
    <message>
        <source>The server considers the login method too weak.</source>
        <translation>Der Server hält das Anmeldeverfahren für zu schwach.</translation>
    </message>
    <message>
        <source>The server could not check the password right now; try again later.</source>
        <translation>Der Server konnte das Passwort gerade nicht prüfen; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The login was aborted.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The login failed (%1).</source>
        <translation>Die Anmeldung ist fehlgeschlagen (%1).</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <source>Another client logged in with the same resource.</source>
        <translation>Ein anderer Client hat sich mit derselben Ressource angemeldet.</translation>
    </message>
    <message>
        <source>The server is shutting down.</source>
        <translation>Der Server wird heruntergefahren.</translation>
    </message>
    <message>
        <source>The server closed the connection for a policy violation.</source>
        <translation>Der Server hat die Verbindung wegen eines Richtlinienverstoßes geschlossen.</translation>
    </message>
    <message>
        <source>The server does not serve this domain.</source>
        <translation>Der Server ist für diese Domain nicht zuständig.</translation>
    </message>
    <message>
        <source>The server refused the session.</source>
        <translation>Der Server hat die Sitzung abgelehnt.</translation>
    </message>
    <message>
        <source>The server closed an idle connection.</source>
        <translation>Der Server hat die Verbindung wegen Inaktivität geschlossen.</translation>
    </message>
    <message>
        <source>The server reset the session.</source>
        <translation>Der Server hat die Sitzung zurückgesetzt.</translation>
    </message>
    <message>
        <source>The server redirected the connection more than once.</source>
        <translation>Der Server hat die Verbindung mehr als einmal umgeleitet.</translation>
    </message>
    <message>
        <source>The server closed the stream (%1).</source>
        <translation>Der Server hat den Stream geschlossen (%1).</translation>
    </message>
</context>
<context>
    <name>natter::ConnectionOptions</name>
    <message>
        <source>Your address, e.g. alice@example.org (or env NATTER_JID).</source>
        <translation>Ihre Adresse, z. B. alice@example.org (oder Umgebungsvariable NATTER_JID).</translation>
    </message>
    <message>
        <source>Read the password from the first line of FILE (when NATTER_PASSWORD is not set).</source>
        <translation>Das Passwort aus der ersten Zeile von FILE lesen (wenn NATTER_PASSWORD nicht gesetzt ist).</translation>
    </message>
    <message>
        <source>Connect to HOST instead of looking up SRV records.</source>
        <translation>Mit HOST verbinden, statt SRV-Einträge abzufragen.</translation>
    </message>
    <message>
        <source>Port to connect to (default 5222, or 5223 with --direct-tls).</source>
        <translation>Port für die Verbindung (Standard 5222, mit --direct-tls 5223).</translation>
    </message>
    <message>
        <source>Use TLS from the first byte (XEP-0368) instead of STARTTLS.</source>
        <translation>TLS ab dem ersten Byte (XEP-0368) statt STARTTLS verwenden.</translation>
    </message>
    <message>
        <source>Also trust the certificate(s) or CA(s) in this PEM file.</source>
        <translation>Zusätzlich den Zertifikaten oder CAs in dieser PEM-Datei vertrauen.</translation>
    </message>
    <message>
        <source>Accept exactly this server certificate (SHA-256 of its DER, in hex).</source>
        <translation>Genau dieses Serverzertifikat akzeptieren (SHA-256 seiner DER-Form, hexadezimal).</translation>
    </message>
    <message>
        <source>Resource to request (default: server-assigned).</source>
        <translation>Anzufordernde Ressource (Standard: vom Server vergeben).</translation>
    </message>
    <message>
        <source>Give up after SECONDS (default 30).</source>
        <translation>Nach SECONDS Sekunden aufgeben (Standard 30).</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2.</source>
        <translation>Die Passwortdatei %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The address “%1” is not valid: %2</source>
        <translation>Die Adresse „%1“ ist ungültig: %2</translation>
    </message>
    <message>
        <source>The address “%1” has no user name (expected user@domain).</source>
        <translation>Die Adresse „%1“ hat keinen Benutzernamen (erwartet: benutzer@domain).</translation>
    </message>
    <message>
        <source>No address given: use --jid or set NATTER_JID.</source>
        <translation>Keine Adresse angegeben: Verwenden Sie --jid oder setzen Sie NATTER_JID.</translation>
    </message>
    <message>
        <source>The resource “%1” is not valid.</source>
        <translation>Die Ressource „%1“ ist ungültig.</translation>
    </message>
    <message>
        <source>The port “%1” is not a number between 1 and 65535.</source>
        <translation>Der Port „%1“ ist keine Zahl zwischen 1 und 65535.</translation>
    </message>
    <message>
        <source>Cannot read the certificate file %1: %2.</source>
        <translation>Die Zertifikatsdatei %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The file %1 contains no PEM certificate.</source>
        <translation>Die Datei %1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>The fingerprint “%1” is not a SHA-256 hash (64 hex digits).</source>
        <translation>Der Fingerabdruck „%1“ ist kein SHA-256-Hash (64 Hexadezimalziffern).</translation>
    </message>
    <message>
        <source>The timeout “%1” is not a number of seconds.</source>
        <translation>Das Zeitlimit „%1“ ist keine gültige Anzahl Sekunden.</translation>
    </message>
</context>
<context>
    <name>natter::ContactInfoDialog</name>
    <message>
        <source>Contact Info — Natter</source>
        <translation>Kontaktinfo – Natter</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Presence subscription</source>
        <translation>Statusabonnement</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Presence:</source>
        <translation>Status-Sicht:</translation>
    </message>
    <message>
        <source>Groups:</source>
        <translation>Gruppen:</translation>
    </message>
    <message>
        <source>&amp;Online resources:</source>
        <translation>&amp;Online-Ressourcen:</translation>
    </message>
    <message>
        <source>Online resources</source>
        <translation>Online-Ressourcen</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>No resource is online.</source>
        <translation>Keine Ressource ist online.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation>%1: „%2“</translation>
    </message>
    <message>
        <source>Not in your contacts.</source>
        <translation>Nicht in Ihren Kontakten.</translation>
    </message>
    <message>
        <source>You see each other’s presence.</source>
        <translation>Sie sehen gegenseitig Ihren Status.</translation>
    </message>
    <message>
        <source>You see their presence; they do not see yours.</source>
        <translation>Sie sehen den Status des Kontakts; er sieht Ihren nicht.</translation>
    </message>
    <message>
        <source>They see your presence; you do not see theirs.</source>
        <translation>Der Kontakt sieht Ihren Status; Sie sehen seinen nicht.</translation>
    </message>
    <message>
        <source>Neither of you sees the other’s presence.</source>
        <translation>Keiner von Ihnen sieht den Status des anderen.</translation>
    </message>
    <message>
        <source>Your request to see their presence awaits an answer.</source>
        <translation>Ihre Anfrage, den Status zu sehen, wartet auf Antwort.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>Wird abgefragt …</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Unbekannt: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>client name and version</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <comment>client on operating system</comment>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>natter::ConversationModel</name>
    <message>
        <source>Me</source>
        <translation>Ich</translation>
    </message>
    <message>
        <source>Error from %1, %2: %3</source>
        <translation>Fehler von %1, %2: %3</translation>
    </message>
    <message>
        <source>%1, %2, subject %3: %4</source>
        <translation>%1, %2, Betreff %3: %4</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>(queued)</source>
        <translation>(in Warteschlange)</translation>
    </message>
    <message>
        <source>(sending)</source>
        <translation>(wird gesendet)</translation>
    </message>
    <message>
        <source>(sent)</source>
        <translation>(gesendet)</translation>
    </message>
    <message>
        <source>(not delivered: %1)</source>
        <translation>(nicht zugestellt: %1)</translation>
    </message>
    <message>
        <source>%1, %2: this message was deleted</source>
        <translation>%1, %2: Diese Nachricht wurde gelöscht</translation>
    </message>
    <message>
        <source>(edited)</source>
        <translation>(bearbeitet)</translation>
    </message>
    <message>
        <source>(delivered)</source>
        <translation>(zugestellt)</translation>
    </message>
    <message>
        <source>(read)</source>
        <translation>(gelesen)</translation>
    </message>
</context>
<context>
    <name>natter::DemoLauncher</name>
    <message numerus="yes">
        <source>The demo did not start within %n second(s).</source>
        <translation>
            <numerusform>Die Demo ist nicht innerhalb von %n Sekunde gestartet.</numerusform>
            <numerusform>Die Demo ist nicht innerhalb von %n Sekunden gestartet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo needs the Prosody server: sudo apt install prosody lua-dbi-sqlite3</source>
        <translation>Die Demo braucht den Prosody-Server: sudo apt install prosody lua-dbi-sqlite3</translation>
    </message>
    <message>
        <source>The demo needs OpenSSL to make its certificate: sudo apt install openssl</source>
        <translation>Die Demo braucht OpenSSL für ihr Zertifikat: sudo apt install openssl</translation>
    </message>
    <message>
        <source>The demo needs Python 3: sudo apt install python3</source>
        <translation>Die Demo braucht Python 3: sudo apt install python3</translation>
    </message>
    <message>
        <source>The demo needs the Bash shell: sudo apt install bash</source>
        <translation>Die Demo braucht die Bash-Shell: sudo apt install bash</translation>
    </message>
    <message>
        <source>The demo server&apos;s start script (%1) is not installed with Natter.</source>
        <translation>Das Startskript des Demo-Servers (%1) ist nicht mit Natter installiert.</translation>
    </message>
    <message>
        <source>The demo contacts&apos; program (%1) is not installed with Natter.</source>
        <translation>Das Programm der Demo-Kontakte (%1) ist nicht mit Natter installiert.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 does not describe a server.</source>
        <translation>%1 beschreibt keinen Server.</translation>
    </message>
    <message>
        <source>“%1@%2” is not a valid address.</source>
        <translation>„%1@%2“ ist keine gültige Adresse.</translation>
    </message>
    <message>
        <source>The demo server&apos;s certificate %1 cannot be read.</source>
        <translation>Das Zertifikat %1 des Demo-Servers kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>No temporary directory for the demo server: %1</source>
        <translation>Kein temporäres Verzeichnis für den Demo-Server: %1</translation>
    </message>
    <message>
        <source>Starting a private XMPP server on this computer…</source>
        <translation>Ein privater XMPP-Server wird auf diesem Computer gestartet …</translation>
    </message>
    <message>
        <source>The demo server did not start: %1</source>
        <translation>Der Demo-Server ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>its start script ended with status %1</source>
        <translation>sein Startskript endete mit Status %1</translation>
    </message>
    <message>
        <source>The demo server started, but: %1</source>
        <translation>Der Demo-Server ist gestartet, aber: %1</translation>
    </message>
    <message>
        <source>Bringing the demo contacts online…</source>
        <translation>Die Demo-Kontakte gehen online …</translation>
    </message>
    <message>
        <source>The demo contacts could not be started: %1 (%2)</source>
        <translation>Die Demo-Kontakte konnten nicht gestartet werden: %1 (%2)</translation>
    </message>
    <message>
        <source>The demo is ready.</source>
        <translation>Die Demo ist bereit.</translation>
    </message>
    <message>
        <source>the program crashed</source>
        <translation>das Programm ist abgestürzt</translation>
    </message>
    <message>
        <source>the program ended with status %1</source>
        <translation>das Programm endete mit Status %1</translation>
    </message>
    <message>
        <source>The demo contacts went offline: %1</source>
        <translation>Die Demo-Kontakte sind offline gegangen: %1</translation>
    </message>
    <message>
        <source>The demo contacts could not sign in: %1</source>
        <translation>Die Demo-Kontakte konnten sich nicht anmelden: %1</translation>
    </message>
</context>
<context>
    <name>natter::DiscoExtension</name>
    <message>
        <source>The answer was not understood.</source>
        <translation>Die Antwort wurde nicht verstanden.</translation>
    </message>
</context>
<context>
    <name>natter::EditGroupsDialog</name>
    <message>
        <source>Groups of %1 — Natter</source>
        <translation>Gruppen von %1 – Natter</translation>
    </message>
    <message>
        <source>Show %1 in these groups:</source>
        <translation>%1 in diesen Gruppen anzeigen:</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>Neue Gruppe</translation>
    </message>
    <message>
        <source>Name of a new group</source>
        <translation>Name einer neuen Gruppe</translation>
    </message>
    <message>
        <source>Add &amp;Group</source>
        <translation>&amp;Gruppe hinzufügen</translation>
    </message>
    <message>
        <source>Add the new group</source>
        <translation>Die neue Gruppe hinzufügen</translation>
    </message>
    <message>
        <source>With no group checked, the contact is listed under “Contacts”.</source>
        <translation>Ist keine Gruppe ausgewählt, steht der Kontakt unter „Kontakte“.</translation>
    </message>
    <message>
        <source>Save groups</source>
        <translation>Gruppen speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>natter::GuiOptions</name>
    <message>
        <source>Natter, a desktop XMPP messenger.

With NATTER_PASSWORD set (and an address from --jid, NATTER_JID or the last account), Natter logs in without showing the login dialog.</source>
        <translation>Natter, ein Desktop-Messenger für XMPP.

Ist NATTER_PASSWORD gesetzt (und eine Adresse aus --jid, NATTER_JID oder vom zuletzt verwendeten Konto vorhanden), meldet sich Natter an, ohne den Anmeldedialog anzuzeigen.</translation>
    </message>
    <message>
        <source>Use a separate configuration and message database named NAME (default: “%1”).</source>
        <translation>Eine eigene Konfiguration und Nachrichtendatenbank namens NAME verwenden (Standard: „%1“).</translation>
    </message>
    <message>
        <source>Try Natter with a small server and made-up contacts on this computer.</source>
        <translation>Natter mit einem kleinen Server und erfundenen Kontakten auf diesem Computer ausprobieren.</translation>
    </message>
    <message>
        <source>Print the XML exchanged with the server to standard error (passwords masked).</source>
        <translation>Das mit dem Server ausgetauschte XML auf die Standardfehlerausgabe schreiben (Passwörter maskiert).</translation>
    </message>
    <message>
        <source>An xmpp: link to open, e.g. xmpp:alice@example.org?message;body=Hello</source>
        <translation>Ein zu öffnender xmpp:-Link, z. B. xmpp:alice@example.org?message;body=Hallo</translation>
    </message>
    <message>
        <source>Try “natter --help”.</source>
        <translation>Versuchen Sie „natter --help“.</translation>
    </message>
    <message>
        <source>Only one xmpp: link can be opened at a time.</source>
        <translation>Es kann nur ein xmpp:-Link auf einmal geöffnet werden.</translation>
    </message>
</context>
<context>
    <name>natter::HistorySync</name>
    <message>
        <source>The connection was lost while fetching the history.</source>
        <translation>Die Verbindung wurde beim Abrufen des Verlaufs unterbrochen.</translation>
    </message>
    <message>
        <source>The message store changed while fetching the history.</source>
        <translation>Der Nachrichtenspeicher hat sich beim Abrufen des Verlaufs geändert.</translation>
    </message>
    <message>
        <source>There is no message store to keep the history in.</source>
        <translation>Es gibt keinen Nachrichtenspeicher, in dem der Verlauf abgelegt werden kann.</translation>
    </message>
</context>
<context>
    <name>natter::IqResult</name>
    <message>
        <source>There was no answer in time.</source>
        <translation>Es kam nicht rechtzeitig eine Antwort.</translation>
    </message>
    <message>
        <source>The connection was lost before an answer came.</source>
        <translation>Die Verbindung wurde unterbrochen, bevor eine Antwort kam.</translation>
    </message>
</context>
<context>
    <name>natter::Jid</name>
    <message>
        <source>The address is empty.</source>
        <translation>Die Adresse ist leer.</translation>
    </message>
    <message>
        <source>The part before the @ is empty.</source>
        <translation>Der Teil vor dem @ ist leer.</translation>
    </message>
    <message>
        <source>The address has no domain.</source>
        <translation>Die Adresse hat keine Domain.</translation>
    </message>
    <message>
        <source>The part after the / is empty.</source>
        <translation>Der Teil nach dem / ist leer.</translation>
    </message>
    <message>
        <source>The part before the @ is longer than 1023 bytes.</source>
        <translation>Der Teil vor dem @ ist länger als 1023 Bytes.</translation>
    </message>
    <message>
        <source>The domain is longer than 1023 bytes.</source>
        <translation>Die Domain ist länger als 1023 Bytes.</translation>
    </message>
    <message>
        <source>The part after the / is longer than 1023 bytes.</source>
        <translation>Der Teil nach dem / ist länger als 1023 Bytes.</translation>
    </message>
    <message>
        <source>The part before the @ contains the forbidden character “%1”.</source>
        <translation>Der Teil vor dem @ enthält das unzulässige Zeichen „%1“.</translation>
    </message>
    <message>
        <source>The part after the / contains the forbidden character “%1”.</source>
        <translation>Der Teil nach dem / enthält das unzulässige Zeichen „%1“.</translation>
    </message>
    <message>
        <source>The domain “%1” is not a valid domain name.</source>
        <translation>Die Domain „%1“ ist kein gültiger Domainname.</translation>
    </message>
    <message>
        <source>The address contains broken Unicode text, or mixes right-to-left and left-to-right characters in a way that is not allowed.</source>
        <translation>Die Adresse enthält fehlerhaften Unicode-Text oder mischt Zeichen mit Schreibrichtung von rechts nach links und von links nach rechts auf unzulässige Weise.</translation>
    </message>
</context>
<context>
    <name>natter::LoginDialog</name>
    <message>
        <source>Log in — Natter</source>
        <translation>Anmelden – Natter</translation>
    </message>
    <message>
        <source>Login progress</source>
        <translation>Fortschritt der Anmeldung</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Try a &amp;demo…</source>
        <translation>&amp;Demo ausprobieren …</translation>
    </message>
    <message>
        <source>Try a demo without an account</source>
        <translation>Eine Demo ohne Konto ausprobieren</translation>
    </message>
    <message>
        <source>Log in to a small server on this computer with made-up contacts, to see how Natter works.</source>
        <translation>An einem kleinen Server auf diesem Computer mit erfundenen Kontakten anmelden, um Natter kennenzulernen.</translation>
    </message>
    <message>
        <source>Log in to your XMPP account</source>
        <translation>Bei Ihrem XMPP-Konto anmelden</translation>
    </message>
    <message>
        <source>alice@example.org</source>
        <translation>alice@example.org</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Remember password</source>
        <translation>Passwort &amp;merken</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>Passwort merken</translation>
    </message>
    <message>
        <source>Keep the password in your desktop&apos;s password store (secret service).</source>
        <translation>Das Passwort im Passwortspeicher Ihres Desktops (Secret Service) aufbewahren.</translation>
    </message>
    <message>
        <source>Log in &amp;automatically</source>
        <translation>&amp;Automatisch anmelden</translation>
    </message>
    <message>
        <source>Log in automatically</source>
        <translation>Automatisch anmelden</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>A&amp;dresse:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Ad&amp;vanced</source>
        <translation>&amp;Erweitert</translation>
    </message>
    <message>
        <source>Advanced connection settings</source>
        <translation>Erweiterte Verbindungseinstellungen</translation>
    </message>
    <message>
        <source>found automatically</source>
        <translation>automatisch ermittelt</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>&amp;Direct TLS (encrypted from the first byte)</source>
        <translation>&amp;Direktes TLS (verschlüsselt ab dem ersten Byte)</translation>
    </message>
    <message>
        <source>Direct TLS</source>
        <translation>Direktes TLS</translation>
    </message>
    <message>
        <source>XEP-0368: connect with TLS at once instead of STARTTLS. Needs a server and port that offer it (usually 5223).</source>
        <translation>XEP-0368: sofort mit TLS statt STARTTLS verbinden. Erfordert einen Server und Port, die das anbieten (meist 5223).</translation>
    </message>
    <message>
        <source>chosen by the server</source>
        <translation>vom Server gewählt</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>optional: a PEM file</source>
        <translation>optional: eine PEM-Datei</translation>
    </message>
    <message>
        <source>Extra trusted certificate file</source>
        <translation>Zusätzliche vertrauenswürdige Zertifikatsdatei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>D&amp;urchsuchen …</translation>
    </message>
    <message>
        <source>Choose a certificate file</source>
        <translation>Eine Zertifikatsdatei wählen</translation>
    </message>
    <message>
        <source>Trust a Certificate</source>
        <translation>Einem Zertifikat vertrauen</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Pinned certificate</source>
        <translation>Festgelegtes Zertifikat</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Vergessen</translation>
    </message>
    <message>
        <source>Forget the pinned certificate</source>
        <translation>Das festgelegte Zertifikat vergessen</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>R&amp;esource:</source>
        <translation>&amp;Ressource:</translation>
    </message>
    <message>
        <source>&amp;Trusted certificate:</source>
        <translation>&amp;Vertrauenswürdiges Zertifikat:</translation>
    </message>
    <message>
        <source>No certificate is pinned for this account.</source>
        <translation>Für dieses Konto ist kein Zertifikat festgelegt.</translation>
    </message>
    <message>
        <source>Pinned certificate — only this one is accepted:</source>
        <translation>Festgelegtes Zertifikat – nur dieses wird akzeptiert:</translation>
    </message>
    <message>
        <source>Enter your address, for example alice@example.org.</source>
        <translation>Geben Sie Ihre Adresse ein, zum Beispiel alice@example.org.</translation>
    </message>
    <message>
        <source>The address “%1” is not valid: %2</source>
        <translation>Die Adresse „%1“ ist ungültig: %2</translation>
    </message>
    <message>
        <source>The address “%1” has no user name; it should look like alice@example.org.</source>
        <translation>Die Adresse „%1“ hat keinen Benutzernamen; sie sollte wie alice@example.org aussehen.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>The resource “%1” is not valid.</source>
        <translation>Die Ressource „%1“ ist ungültig.</translation>
    </message>
    <message>
        <source>The server “%1” is not a host name or address.</source>
        <translation>Der Server „%1“ ist kein Hostname und keine Adresse.</translation>
    </message>
    <message>
        <source>The port must be a number between 1 and 65535.</source>
        <translation>Der Port muss eine Zahl zwischen 1 und 65535 sein.</translation>
    </message>
    <message>
        <source>Cannot read the certificate file %1: %2.</source>
        <translation>Die Zertifikatsdatei %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The file %1 contains no PEM certificate.</source>
        <translation>Die Datei %1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>Starting the demo…</source>
        <translation>Die Demo wird gestartet …</translation>
    </message>
    <message>
        <source>The demo could not be started: %1</source>
        <translation>Die Demo konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Logging in as %1…</source>
        <translation>Anmeldung als %1 …</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt …</translation>
    </message>
    <message>
        <source>Check the address, or enter the server under Advanced.</source>
        <translation>Prüfen Sie die Adresse oder geben Sie den Server unter „Erweitert“ ein.</translation>
    </message>
    <message>
        <source>Logging in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Saving the password…</source>
        <translation>Das Passwort wird gespeichert …</translation>
    </message>
    <message>
        <source>You are logged in, but the password could not be stored: %1. Natter will ask for it next time.</source>
        <translation>Sie sind angemeldet, aber das Passwort konnte nicht gespeichert werden: %1. Natter fragt beim nächsten Mal danach.</translation>
    </message>
    <message>
        <source>The demo was cancelled.</source>
        <translation>Die Demo wurde abgebrochen.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Cancel logging in</source>
        <translation>Anmeldung abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>natter::MainWindow</name>
    <message>
        <source>Natter</source>
        <translation>Natter</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <comment>Add contact</comment>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;XML Console</source>
        <translation>&amp;XML-Konsole</translation>
    </message>
    <message>
        <source>Ctrl+Shift+X</source>
        <comment>XML console</comment>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <source>&amp;Log Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <comment>Show offline contacts</comment>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>&amp;About Natter</source>
        <translation>&amp;Über Natter</translation>
    </message>
    <message>
        <source>&amp;Natter</source>
        <translation>&amp;Natter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>%1 — Natter</source>
        <translation>%1 – Natter</translation>
    </message>
    <message>
        <source>The link could not be opened: %1</source>
        <translation>Der Link konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The link is meant for the account %1, not for %2.</source>
        <translation>Der Link ist für das Konto %1 bestimmt, nicht für %2.</translation>
    </message>
    <message>
        <source>About Natter</source>
        <translation>Über Natter</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Natter %1&lt;/h3&gt;&lt;p&gt;A desktop messenger for XMPP, the open standard for instant messaging.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Natter %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Messenger für XMPP, den offenen Standard für Sofortnachrichten.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU General Public License, Version 3 oder später.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Search Messages…</source>
        <translation>Nachrichten &amp;suchen …</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <comment>Search messages</comment>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <comment>Quit</comment>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Conversations can be exported once you are logged in.</source>
        <translation>Unterhaltungen können exportiert werden, sobald Sie angemeldet sind.</translation>
    </message>
    <message>
        <source>Plain text (*.txt)</source>
        <translation>Reiner Text (*.txt)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export Conversation with %1 — Natter</source>
        <translation>Unterhaltung mit %1 exportieren – Natter</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Ich</translation>
    </message>
    <message>
        <source>Exporting the conversation with %1…</source>
        <translation>Die Unterhaltung mit %1 wird exportiert …</translation>
    </message>
    <message>
        <source>Exporting the conversation with %1… %2 of %3 messages</source>
        <translation>Die Unterhaltung mit %1 wird exportiert … %2 von %3 Nachrichten</translation>
    </message>
    <message>
        <source>Conversation with %1 exported to %2.</source>
        <translation>Die Unterhaltung mit %1 wurde nach %2 exportiert.</translation>
    </message>
    <message>
        <source>Could not export the conversation to %1: %2</source>
        <translation>Die Unterhaltung konnte nicht nach %1 exportiert werden: %2</translation>
    </message>
    <message>
        <source>Conversations can be cleared once you are logged in.</source>
        <translation>Unterhaltungen können geleert werden, sobald Sie angemeldet sind.</translation>
    </message>
    <message>
        <source>Clear Conversation — Natter</source>
        <translation>Unterhaltung leeren – Natter</translation>
    </message>
    <message>
        <source>Delete every message of your conversation with %1 from this computer?</source>
        <translation>Alle Nachrichten Ihrer Unterhaltung mit %1 von diesem Computer löschen?</translation>
    </message>
    <message>
        <source>This cannot be undone here. Your server&apos;s archive, %1 and your other devices keep their copies.</source>
        <translation>Das lässt sich hier nicht rückgängig machen. Das Archiv Ihres Servers, %1 und Ihre anderen Geräte behalten ihre Kopien.</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>The conversation with %1 was cleared.</source>
        <translation>Die Unterhaltung mit %1 wurde geleert.</translation>
    </message>
</context>
<context>
    <name>natter::MamExtension</name>
    <message>
        <source>The archive sent an answer that was not understood.</source>
        <translation>Das Archiv hat eine Antwort gesendet, die nicht verstanden wurde.</translation>
    </message>
    <message>
        <source>The archive did not send further messages.</source>
        <translation>Das Archiv hat keine weiteren Nachrichten gesendet.</translation>
    </message>
    <message>
        <source>The archive holds more messages than fetched at once.</source>
        <translation>Das Archiv enthält mehr Nachrichten, als auf einmal abgerufen werden.</translation>
    </message>
</context>
<context>
    <name>natter::MessageDelegate</name>
    <message>
        <source>Waiting: you are offline. It will be sent when you are online again.</source>
        <translation>Wartet: Sie sind offline. Sie wird gesendet, sobald Sie wieder online sind.</translation>
    </message>
    <message>
        <source>Sending: the server has not confirmed it yet.</source>
        <translation>Wird gesendet: Der Server hat sie noch nicht bestätigt.</translation>
    </message>
    <message>
        <source>Sent: the server has it.</source>
        <translation>Gesendet: Der Server hat sie erhalten.</translation>
    </message>
    <message>
        <source>Not delivered.</source>
        <translation>Nicht zugestellt.</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Nicht zugestellt: %1</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>%1 · headline</source>
        <translation>%1 · Schlagzeile</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>%1
from %2</source>
        <translation>%1
von %2</translation>
    </message>
    <message>
        <source>Delivered: it reached their device.</source>
        <translation>Zugestellt: Die Nachricht hat das Gerät des Kontakts erreicht.</translation>
    </message>
    <message>
        <source>Read: they have seen it.</source>
        <translation>Gelesen: Der Kontakt hat sie gesehen.</translation>
    </message>
    <message>
        <source>This message was deleted</source>
        <translation>Diese Nachricht wurde gelöscht</translation>
    </message>
    <message>
        <source>(edited)</source>
        <translation>(bearbeitet)</translation>
    </message>
    <message>
        <source>Edited at %1. Before:</source>
        <translation>Bearbeitet am %1. Vorher:</translation>
    </message>
    <message>
        <source>Edited. Before:</source>
        <translation>Bearbeitet. Vorher:</translation>
    </message>
</context>
<context>
    <name>natter::MessageStore</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot open the message store %1: %2</source>
        <translation>Der Nachrichtenspeicher %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The message store was written by a newer Natter (schema %1).</source>
        <translation>Der Nachrichtenspeicher wurde von einer neueren Natter-Version geschrieben (Schema %1).</translation>
    </message>
    <message>
        <source>Cannot upgrade the message store: %1</source>
        <translation>Der Nachrichtenspeicher kann nicht aktualisiert werden: %1</translation>
    </message>
</context>
<context>
    <name>natter::MessageView</name>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>[%1] %2: %3</source>
        <translation>[%1] %2: %3</translation>
    </message>
    <message>
        <source>&amp;Copy Text</source>
        <translation>Text &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Open Link</source>
        <translation>Link ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Copy &amp;Link Address</source>
        <translation>&amp;Linkadresse kopieren</translation>
    </message>
    <message>
        <source>&amp;Select Text…</source>
        <translation>Text &amp;auswählen …</translation>
    </message>
    <message>
        <source>&amp;Retry Sending</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>Message from %1, %2</source>
        <translation>Nachricht von %1, %2</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>Show Edit &amp;History…</source>
        <translation>&amp;Bearbeitungsverlauf anzeigen …</translation>
    </message>
    <message>
        <source>&amp;Delete for Everyone…</source>
        <translation>Für alle lö&amp;schen …</translation>
    </message>
    <message>
        <source>Original:</source>
        <translation>Original:</translation>
    </message>
    <message>
        <source>Edit %1:</source>
        <translation>Bearbeitung %1:</translation>
    </message>
    <message>
        <source>Now (since %1):</source>
        <translation>Jetzt (seit %1):</translation>
    </message>
    <message>
        <source>Edit history</source>
        <translation>Bearbeitungsverlauf</translation>
    </message>
</context>
<context>
    <name>natter::Notifier</name>
    <message>
        <source>Open chat</source>
        <translation>Chat öffnen</translation>
    </message>
</context>
<context>
    <name>natter::PingExtension</name>
    <message>
        <source>The server stopped answering.</source>
        <translation>Der Server antwortet nicht mehr.</translation>
    </message>
</context>
<context>
    <name>natter::PresenceService</name>
    <message>
        <source>Your server does not support being invisible.</source>
        <translation>Ihr Server unterstützt keine Unsichtbarkeit.</translation>
    </message>
    <message>
        <source>Could not become visible: %1</source>
        <translation>Konnte nicht sichtbar werden: %1</translation>
    </message>
    <message>
        <source>Could not become invisible: %1</source>
        <translation>Konnte nicht unsichtbar werden: %1</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Free to chat</source>
        <translation>Gesprächsbereit</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Extended away</source>
        <translation>Länger abwesend</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Bitte nicht stören</translation>
    </message>
    <message>
        <source>Invisible</source>
        <translation>Unsichtbar</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>natter::RosterDelegate</name>
    <message>
        <source>You see each other’s presence.</source>
        <translation>Sie sehen gegenseitig Ihren Status.</translation>
    </message>
    <message>
        <source>You see their presence; they do not see yours.</source>
        <translation>Sie sehen den Status des Kontakts; er sieht Ihren nicht.</translation>
    </message>
    <message>
        <source>They see your presence; you do not see theirs.</source>
        <translation>Der Kontakt sieht Ihren Status; Sie sehen seinen nicht.</translation>
    </message>
    <message>
        <source>Neither of you sees the other’s presence.</source>
        <translation>Keiner von Ihnen sieht den Status des anderen.</translation>
    </message>
    <message>
        <source>Your request to see their presence awaits an answer.</source>
        <translation>Ihre Anfrage, den Status zu sehen, wartet auf Antwort.</translation>
    </message>
    <message>
        <source>99+</source>
        <translation>99+</translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation>wartet auf Bestätigung</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1 of %2 online</source>
        <translation>%1 von %2 online</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation>%1: „%2“</translation>
    </message>
    <message numerus="yes">
        <source>Unread messages: %n</source>
        <translation>
            <numerusform>Ungelesene Nachrichten: %n</numerusform>
            <numerusform>Ungelesene Nachrichten: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::RosterExtension</name>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>The server sent an invalid roster.</source>
        <translation>Der Server hat eine ungültige Kontaktliste gesendet.</translation>
    </message>
</context>
<context>
    <name>natter::RosterModel</name>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Free to chat</source>
        <translation>Gesprächsbereit</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Extended away</source>
        <translation>Länger abwesend</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Bitte nicht stören</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>%1, %2 of %3 online</source>
        <translation>%1, %2 von %3 online</translation>
    </message>
    <message numerus="yes">
        <source>unread messages: %n</source>
        <translation>
            <numerusform>ungelesene Nachrichten: %n</numerusform>
            <numerusform>ungelesene Nachrichten: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::RosterView</name>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
</context>
<context>
    <name>natter::RosterWindow</name>
    <message>
        <source>Contact list</source>
        <translation>Kontaktliste</translation>
    </message>
    <message>
        <source>&amp;Add Contact…</source>
        <translation>Kontakt &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>Add a contact</source>
        <translation>Einen Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>Show &amp;Offline Contacts</source>
        <translation>&amp;Offline-Kontakte anzeigen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Die Meldung schließen</translation>
    </message>
    <message>
        <source>Filter contacts</source>
        <translation>Kontakte filtern</translation>
    </message>
    <message>
        <source>Shows the contacts whose name or address contains the text (Ctrl+F). Enter opens a chat with the first one.</source>
        <translation>Zeigt die Kontakte, deren Name oder Adresse den Text enthält (Strg+F). Die Eingabetaste öffnet einen Chat mit dem ersten.</translation>
    </message>
    <message>
        <source>Show &amp;offline contacts</source>
        <translation>&amp;Offline-Kontakte anzeigen</translation>
    </message>
    <message>
        <source>Show offline contacts</source>
        <translation>Offline-Kontakte anzeigen</translation>
    </message>
    <message>
        <source>Your address</source>
        <translation>Ihre Adresse</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Statusnachricht</translation>
    </message>
    <message>
        <source>What your contacts see next to your status; Enter sets it</source>
        <translation>Was Ihre Kontakte neben Ihrem Status sehen; die Eingabetaste setzt sie</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt …</translation>
    </message>
    <message>
        <source>You are offline. Choose a status to connect.</source>
        <translation>Sie sind offline. Wählen Sie einen Status, um sich zu verbinden.</translation>
    </message>
    <message>
        <source>Actions for %1</source>
        <translation>Aktionen für %1</translation>
    </message>
    <message>
        <source>Open &amp;Chat</source>
        <translation>&amp;Chat öffnen</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen …</translation>
    </message>
    <message>
        <source>Edit &amp;Groups…</source>
        <translation>&amp;Gruppen bearbeiten …</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen …</translation>
    </message>
    <message>
        <source>Ask &amp;Again to See Their Presence</source>
        <translation>&amp;Erneut um Sicht auf den Status bitten</translation>
    </message>
    <message>
        <source>Ask to &amp;See Their Presence</source>
        <translation>Um &amp;Sicht auf den Status bitten</translation>
    </message>
    <message>
        <source>&amp;Let Them See Your Presence</source>
        <translation>Den eigenen Status &amp;zeigen</translation>
    </message>
    <message>
        <source>S&amp;top Them Seeing Your Presence</source>
        <translation>Den eigenen Status nicht mehr zeigen (&amp;t)</translation>
    </message>
    <message>
        <source>Contact &amp;Info…</source>
        <translation>Kontakt&amp;info …</translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>%1 konnte nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>Rename Contact — Natter</source>
        <translation>Kontakt umbenennen – Natter</translation>
    </message>
    <message>
        <source>Name for %1 (empty: show the address):</source>
        <translation>Name für %1 (leer: Adresse anzeigen):</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <source>Rename contact</source>
        <translation>Kontakt umbenennen</translation>
    </message>
    <message>
        <source>Could not rename %1: %2</source>
        <translation>%1 konnte nicht umbenannt werden: %2</translation>
    </message>
    <message>
        <source>Could not change the groups of %1: %2</source>
        <translation>Die Gruppen von %1 konnten nicht geändert werden: %2</translation>
    </message>
    <message>
        <source>Remove Contact — Natter</source>
        <translation>Kontakt entfernen – Natter</translation>
    </message>
    <message>
        <source>Remove %1 from your contacts?</source>
        <translation>%1 aus Ihren Kontakten entfernen?</translation>
    </message>
    <message>
        <source>You will no longer see each other’s presence.</source>
        <translation>Sie sehen dann gegenseitig Ihren Status nicht mehr.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Could not remove %1: %2</source>
        <translation>%1 konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>E&amp;xport Conversation…</source>
        <translation>Unterhaltung e&amp;xportieren …</translation>
    </message>
    <message>
        <source>C&amp;lear Conversation…</source>
        <translation>Unterhaltung &amp;leeren …</translation>
    </message>
</context>
<context>
    <name>natter::SearchWindow</name>
    <message>
        <source>%1 · sent %2</source>
        <comment>search result: contact, time</comment>
        <translation>%1 · gesendet am %2</translation>
    </message>
    <message>
        <source>%1 · received %2</source>
        <comment>search result: contact, time</comment>
        <translation>%1 · empfangen am %2</translation>
    </message>
    <message>
        <source>Messages can be searched once you are logged in.</source>
        <translation>Nachrichten können durchsucht werden, sobald Sie angemeldet sind.</translation>
    </message>
    <message>
        <source>Type words to find them in all your conversations.</source>
        <translation>Geben Sie Wörter ein, um sie in allen Ihren Unterhaltungen zu finden.</translation>
    </message>
    <message>
        <source>No messages contain “%1”.</source>
        <translation>Keine Nachricht enthält „%1“.</translation>
    </message>
    <message>
        <source>Search Messages — Natter</source>
        <translation>Nachrichten suchen – Natter</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>Nachrichten suchen</translation>
    </message>
    <message>
        <source>Search messages…</source>
        <translation>Nachrichten suchen …</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
</context>
<context>
    <name>natter::SingleInstance</name>
    <message>
        <source>Another Natter is running with this profile but did not answer.</source>
        <translation>Ein anderes Natter läuft mit diesem Profil, hat aber nicht geantwortet.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Kann nicht auf %1 lauschen: %2</translation>
    </message>
</context>
<context>
    <name>natter::StanzaError</name>
    <message>
        <source>The request was malformed.</source>
        <translation>Die Anfrage war fehlerhaft.</translation>
    </message>
    <message>
        <source>It conflicts with something that already exists.</source>
        <translation>Das steht im Konflikt mit etwas bereits Vorhandenem.</translation>
    </message>
    <message>
        <source>The recipient does not support this feature.</source>
        <translation>Der Empfänger unterstützt diese Funktion nicht.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>Das ist Ihnen nicht gestattet.</translation>
    </message>
    <message>
        <source>The recipient is no longer at this address.</source>
        <translation>Der Empfänger ist unter dieser Adresse nicht mehr erreichbar.</translation>
    </message>
    <message>
        <source>The server had an internal error.</source>
        <translation>Auf dem Server ist ein interner Fehler aufgetreten.</translation>
    </message>
    <message>
        <source>The item was not found.</source>
        <translation>Der Eintrag wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The address is not valid.</source>
        <translation>Die Adresse ist ungültig.</translation>
    </message>
    <message>
        <source>The recipient does not accept this.</source>
        <translation>Der Empfänger nimmt das nicht an.</translation>
    </message>
    <message>
        <source>This is not allowed.</source>
        <translation>Das ist nicht erlaubt.</translation>
    </message>
    <message>
        <source>You are not authorized to do this.</source>
        <translation>Sie sind dazu nicht berechtigt.</translation>
    </message>
    <message>
        <source>This violates the server&apos;s policy.</source>
        <translation>Das verstößt gegen die Richtlinien des Servers.</translation>
    </message>
    <message>
        <source>The recipient is temporarily unavailable.</source>
        <translation>Der Empfänger ist vorübergehend nicht erreichbar.</translation>
    </message>
    <message>
        <source>The recipient has moved to another address.</source>
        <translation>Der Empfänger ist an eine andere Adresse umgezogen.</translation>
    </message>
    <message>
        <source>You need to register first.</source>
        <translation>Sie müssen sich zuerst registrieren.</translation>
    </message>
    <message>
        <source>The recipient&apos;s server does not exist or cannot be found.</source>
        <translation>Der Server des Empfängers existiert nicht oder wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The recipient&apos;s server could not be reached in time.</source>
        <translation>Der Server des Empfängers war nicht rechtzeitig erreichbar.</translation>
    </message>
    <message>
        <source>The recipient is too busy right now.</source>
        <translation>Der Empfänger ist gerade ausgelastet.</translation>
    </message>
    <message>
        <source>The recipient does not offer this service.</source>
        <translation>Der Empfänger bietet diesen Dienst nicht an.</translation>
    </message>
    <message>
        <source>A presence subscription is required.</source>
        <translation>Ein Statusabonnement ist erforderlich.</translation>
    </message>
    <message>
        <source>An unknown error occurred.</source>
        <translation>Ein unbekannter Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <source>The request was not expected at this time.</source>
        <translation>Die Anfrage kam zu einem unerwarteten Zeitpunkt.</translation>
    </message>
    <message>
        <source>%1 (The server said: “%2”)</source>
        <translation>%1 (Der Server meldete: „%2“)</translation>
    </message>
</context>
<context>
    <name>natter::StatusSelector</name>
    <message>
        <source>Your status</source>
        <translation>Ihr Status</translation>
    </message>
    <message>
        <source>Your status, as your contacts see it</source>
        <translation>Ihr Status, wie Ihre Kontakte ihn sehen</translation>
    </message>
</context>
<context>
    <name>natter::StreamNegotiator</name>
    <message>
        <source>The server opened the stream twice.</source>
        <translation>Der Server hat den Stream zweimal geöffnet.</translation>
    </message>
    <message>
        <source>The server speaks an old version of XMPP (%1).</source>
        <translation>Der Server verwendet eine alte XMPP-Version (%1).</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>The server&apos;s stream is not a client stream.</source>
        <translation>Der Stream des Servers ist kein Client-Stream.</translation>
    </message>
    <message>
        <source>The server sent data before opening the stream.</source>
        <translation>Der Server hat Daten gesendet, bevor er den Stream geöffnet hat.</translation>
    </message>
    <message>
        <source>The server sent &lt;%1/&gt; during the negotiation.</source>
        <translation>Der Server hat während der Aushandlung &lt;%1/&gt; gesendet.</translation>
    </message>
    <message>
        <source>The server did not offer STARTTLS.</source>
        <translation>Der Server hat kein STARTTLS angeboten.</translation>
    </message>
    <message>
        <source>The server offered no SASL authentication.</source>
        <translation>Der Server hat keine SASL-Authentifizierung angeboten.</translation>
    </message>
    <message>
        <source>The server does not offer resource binding.</source>
        <translation>Der Server bietet keine Ressourcenbindung an.</translation>
    </message>
    <message>
        <source>The server refused to start TLS.</source>
        <translation>Der Server hat den Start von TLS verweigert.</translation>
    </message>
    <message>
        <source>Offered: %1.</source>
        <translation>Angeboten: %1.</translation>
    </message>
    <message>
        <source>The server now offers only %1 where it offered %2 before; this may be an attack.</source>
        <translation>Der Server bietet jetzt nur %1 an, wo er vorher %2 angeboten hat; das könnte ein Angriff sein.</translation>
    </message>
    <message>
        <source>Invalid base64 in challenge.</source>
        <translation>Ungültiges Base64 in der Challenge.</translation>
    </message>
    <message>
        <source>Invalid base64 in success.</source>
        <translation>Ungültiges Base64 in der Erfolgsmeldung.</translation>
    </message>
    <message>
        <source>Unexpected SASL element &lt;%1/&gt;.</source>
        <translation>Unerwartetes SASL-Element &lt;%1/&gt;.</translation>
    </message>
    <message>
        <source>Unexpected request from the server during resource binding.</source>
        <translation>Unerwartete Anfrage des Servers während der Ressourcenbindung.</translation>
    </message>
    <message>
        <source>The server assigned an invalid address.</source>
        <translation>Der Server hat eine ungültige Adresse zugewiesen.</translation>
    </message>
    <message>
        <source>Unexpected stream management element &lt;%1/&gt;.</source>
        <translation>Unerwartetes Stream-Management-Element &lt;%1/&gt;.</translation>
    </message>
    <message>
        <source>The server resumed a different session.</source>
        <translation>Der Server hat eine andere Sitzung fortgesetzt.</translation>
    </message>
    <message>
        <source>The server&apos;s resumption count is not a number.</source>
        <translation>Der Wiederaufnahmezähler des Servers ist keine Zahl.</translation>
    </message>
</context>
<context>
    <name>natter::StreamParser</name>
    <message>
        <source>A stanza exceeded the size limit of %1 characters.</source>
        <translation>Ein Stanza hat die Größenbeschränkung von %1 Zeichen überschritten.</translation>
    </message>
    <message>
        <source>The stream is not well-formed XML: %1 (line %2, column %3).</source>
        <translation>Der Stream ist kein wohlgeformtes XML: %1 (Zeile %2, Spalte %3).</translation>
    </message>
    <message>
        <source>The stream declares the encoding %1; XMPP requires UTF-8.</source>
        <translation>Der Stream deklariert die Kodierung %1; XMPP verlangt UTF-8.</translation>
    </message>
    <message>
        <source>The stream contains a document type or entity declaration, which XMPP forbids.</source>
        <translation>Der Stream enthält eine Dokumenttyp- oder Entity-Deklaration, was XMPP verbietet.</translation>
    </message>
    <message>
        <source>The stream contains a processing instruction, which XMPP forbids.</source>
        <translation>Der Stream enthält eine Verarbeitungsanweisung, was XMPP verbietet.</translation>
    </message>
    <message>
        <source>The stream contains an XML comment, which XMPP forbids.</source>
        <translation>Der Stream enthält einen XML-Kommentar, was XMPP verbietet.</translation>
    </message>
    <message>
        <source>The stream does not start with &lt;stream:stream&gt;.</source>
        <translation>Der Stream beginnt nicht mit &lt;stream:stream&gt;.</translation>
    </message>
    <message>
        <source>A stanza is nested deeper than %1 elements.</source>
        <translation>Ein Stanza ist tiefer als %1 Elemente verschachtelt.</translation>
    </message>
    <message>
        <source>The stream contains text outside of any stanza.</source>
        <translation>Der Stream enthält Text außerhalb eines Stanzas.</translation>
    </message>
    <message>
        <source>The stream is not valid UTF-8 (byte %1).</source>
        <translation>Der Stream ist kein gültiges UTF-8 (Byte %1).</translation>
    </message>
    <message>
        <source>The stream contains &quot;]]&gt;&quot; outside of a CDATA section.</source>
        <translation>Der Stream enthält „]]&gt;“ außerhalb eines CDATA-Abschnitts.</translation>
    </message>
    <message>
        <source>An element or attribute name is longer than %1 bytes.</source>
        <translation>Ein Element- oder Attributname ist länger als %1 Bytes.</translation>
    </message>
    <message>
        <source>An element carries more than %1 attributes.</source>
        <translation>Ein Element hat mehr als %1 Attribute.</translation>
    </message>
</context>
<context>
    <name>natter::SubscriptionNotice</name>
    <message>
        <source>Presence request from %1</source>
        <translation>Statusanfrage von %1</translation>
    </message>
    <message>
        <source>%1 asks to see when you are online.</source>
        <translation>%1 möchte sehen, wann Sie online sind.</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>&amp;Accept and add</source>
        <translation>&amp;Annehmen und hinzufügen</translation>
    </message>
    <message>
        <source>Accept the request of %1</source>
        <translation>Die Anfrage von %1 annehmen</translation>
    </message>
    <message>
        <source>Accept the request of %1 and add them to your contacts</source>
        <translation>Die Anfrage von %1 annehmen und zu Ihren Kontakten hinzufügen</translation>
    </message>
    <message>
        <source>Let them see your presence</source>
        <translation>Den eigenen Status zeigen</translation>
    </message>
    <message>
        <source>Let them see your presence, add them to your contacts and ask to see theirs</source>
        <translation>Den eigenen Status zeigen, zu Ihren Kontakten hinzufügen und um Sicht auf den Status bitten</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>Deny the request of %1</source>
        <translation>Die Anfrage von %1 ablehnen</translation>
    </message>
    <message>
        <source>They will not see your presence</source>
        <translation>Der Kontakt sieht Ihren Status nicht</translation>
    </message>
</context>
<context>
    <name>natter::TrayIcon</name>
    <message>
        <source>Natter</source>
        <translation>Natter</translation>
    </message>
    <message>
        <source>Natter tray menu</source>
        <translation>Natter-Menü im Systembereich</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Quit Natter</source>
        <translation>Natter &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Hide Natter</source>
        <translation>Natter &amp;ausblenden</translation>
    </message>
    <message>
        <source>&amp;Show Natter</source>
        <translation>Natter &amp;anzeigen</translation>
    </message>
    <message>
        <source>Natter — %1</source>
        <translation>Natter – %1</translation>
    </message>
    <message numerus="yes">
        <source>Natter — %1 (%n unread)</source>
        <translation>
            <numerusform>Natter – %1 (%n ungelesen)</numerusform>
            <numerusform>Natter – %1 (%n ungelesen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::VersionExtension</name>
    <message>
        <source>The answer was not understood.</source>
        <translation>Die Antwort wurde nicht verstanden.</translation>
    </message>
</context>
<context>
    <name>natter::XmlConsoleWindow</name>
    <message>
        <source>XML console</source>
        <translation>XML-Konsole</translation>
    </message>
    <message>
        <source>Filter (text in the XML)</source>
        <translation>Filter (Text im XML)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>&amp;Incoming</source>
        <translation>&amp;Eingehend</translation>
    </message>
    <message>
        <source>Show incoming XML</source>
        <translation>Eingehendes XML anzeigen</translation>
    </message>
    <message>
        <source>&amp;Outgoing</source>
        <translation>&amp;Ausgehend</translation>
    </message>
    <message>
        <source>Show outgoing XML</source>
        <translation>Ausgehendes XML anzeigen</translation>
    </message>
    <message>
        <source>&amp;Indent</source>
        <translation>Ei&amp;nrücken</translation>
    </message>
    <message>
        <source>Indent the XML</source>
        <translation>Das XML einrücken</translation>
    </message>
    <message>
        <source>Show each element on its own line, indented</source>
        <translation>Jedes Element eingerückt in einer eigenen Zeile anzeigen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Pause the log</source>
        <translation>Das Protokoll pausieren</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Clear the log</source>
        <translation>Das Protokoll leeren</translation>
    </message>
    <message>
        <source>XML log</source>
        <translation>XML-Protokoll</translation>
    </message>
    <message>
        <source>Stanzas sent and received appear here while this window is open.</source>
        <translation>Gesendete und empfangene Stanzas erscheinen hier, solange dieses Fenster geöffnet ist.</translation>
    </message>
    <message>
        <source>Log status</source>
        <translation>Protokollstatus</translation>
    </message>
    <message>
        <source>Raw XML to send</source>
        <translation>Zu sendendes XML</translation>
    </message>
    <message>
        <source>One element, e.g. &lt;iq type=&apos;get&apos; id=&apos;ping1&apos;&gt;&lt;ping xmlns=&apos;urn:xmpp:ping&apos;/&gt;&lt;/iq&gt;</source>
        <translation>Ein Element, z. B. &lt;iq type=&apos;get&apos; id=&apos;ping1&apos;&gt;&lt;ping xmlns=&apos;urn:xmpp:ping&apos;/&gt;&lt;/iq&gt;</translation>
    </message>
    <message>
        <source>Send &amp;raw XML:</source>
        <translation>&amp;Rohes XML senden:</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send raw XML</source>
        <translation>Rohes XML senden</translation>
    </message>
    <message>
        <source>Send (%1)</source>
        <translation>Senden (%1)</translation>
    </message>
    <message>
        <source>Send error</source>
        <translation>Sendefehler</translation>
    </message>
    <message>
        <source>XML Console — Natter</source>
        <translation>XML-Konsole – Natter</translation>
    </message>
    <message>
        <source>XML Console: %1 — Natter</source>
        <translation>XML-Konsole: %1 – Natter</translation>
    </message>
    <message>
        <source>Received at %1</source>
        <translation>Empfangen um %1</translation>
    </message>
    <message>
        <source>Sent at %1</source>
        <translation>Gesendet um %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n</source>
        <translation>
            <numerusform>%1 von %n</numerusform>
            <numerusform>%1 von %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %n new</source>
        <translation>
            <numerusform>pausiert, %n neuer</numerusform>
            <numerusform>pausiert, %n neue</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Resume the log</source>
        <translation>Das Protokoll fortsetzen</translation>
    </message>
    <message numerus="yes">
        <source>Entries shown: %n</source>
        <translation>
            <numerusform>Angezeigte Einträge: %n</numerusform>
            <numerusform>Angezeigte Einträge: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::XmppUri</name>
    <message>
        <source>“%1” is not an xmpp: link.</source>
        <translation>„%1“ ist kein xmpp:-Link.</translation>
    </message>
    <message>
        <source>The link contains control characters.</source>
        <translation>Der Link enthält Steuerzeichen.</translation>
    </message>
    <message>
        <source>The account named in the link (“%1”) is not an address of the form user@server.</source>
        <translation>Das im Link genannte Konto („%1“) ist keine Adresse der Form benutzer@server.</translation>
    </message>
    <message>
        <source>The link names only an account (%1), no address to open.</source>
        <translation>Der Link nennt nur ein Konto (%1), keine Adresse zum Öffnen.</translation>
    </message>
    <message>
        <source>The link contains no address.</source>
        <translation>Der Link enthält keine Adresse.</translation>
    </message>
    <message>
        <source>The link parameter “%1” is not of the form key=value.</source>
        <translation>Der Link-Parameter „%1“ hat nicht die Form schlüssel=wert.</translation>
    </message>
    <message>
        <source>The link parameter “%1” contains control characters.</source>
        <translation>Der Link-Parameter „%1“ enthält Steuerzeichen.</translation>
    </message>
    <message>
        <source>The link contains invalid characters.</source>
        <translation>Der Link enthält ungültige Zeichen.</translation>
    </message>
    <message>
        <source>“%1” is not a valid percent-encoding (expected % and two hexadecimal digits).</source>
        <translation>„%1“ ist keine gültige Prozentkodierung (erwartet: % und zwei Hexadezimalziffern).</translation>
    </message>
    <message>
        <source>The link contains percent-encoded bytes that are not UTF-8 text.</source>
        <translation>Der Link enthält prozentkodierte Bytes, die kein UTF-8-Text sind.</translation>
    </message>
    <message>
        <source>The address in the link contains more than one “@”.</source>
        <translation>Die Adresse im Link enthält mehr als ein „@“.</translation>
    </message>
    <message>
        <source>The address in the link has nothing before the “@”.</source>
        <translation>Die Adresse im Link hat nichts vor dem „@“.</translation>
    </message>
    <message>
        <source>The link contains no server name.</source>
        <translation>Der Link enthält keinen Servernamen.</translation>
    </message>
    <message>
        <source>The address in the link ends with “/” but has no resource.</source>
        <translation>Die Adresse im Link endet mit „/“, hat aber keine Ressource.</translation>
    </message>
    <message>
        <source>“%1” is not a valid XMPP address.</source>
        <translation>„%1“ ist keine gültige XMPP-Adresse.</translation>
    </message>
</context>
<context>
    <name>natter::cli</name>
    <message>
        <source>Try &apos;natter-cli --help&apos;.</source>
        <translation>Versuchen Sie &apos;natter-cli --help&apos;.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <source>Print JSON, one object per line.</source>
        <translation>JSON ausgeben, ein Objekt pro Zeile.</translation>
    </message>
    <message>
        <source>Log the XML stream to stderr (secrets masked).</source>
        <translation>Den XML-Stream auf stderr protokollieren (Geheimnisse maskiert).</translation>
    </message>
    <message>
        <source>send: message type.</source>
        <translation>send: Nachrichtentyp.</translation>
    </message>
    <message>
        <source>send: subject.</source>
        <translation>send: Betreff.</translation>
    </message>
    <message>
        <source>listen: exit after N messages.</source>
        <translation>listen: nach N Nachrichten beenden.</translation>
    </message>
    <message>
        <source>add: the contact&apos;s name.</source>
        <translation>add: Name des Kontakts.</translation>
    </message>
    <message>
        <source>add: a group (repeatable).</source>
        <translation>add: eine Gruppe (wiederholbar).</translation>
    </message>
    <message>
        <source>add: also ask to see the contact&apos;s presence.</source>
        <translation>add: auch um Sicht auf den Status des Kontakts bitten.</translation>
    </message>
    <message>
        <source>presence: away, chat, dnd or xa.</source>
        <translation>presence: away, chat, dnd oder xa.</translation>
    </message>
    <message>
        <source>presence: status message.</source>
        <translation>presence: Statusnachricht.</translation>
    </message>
    <message>
        <source>presence: priority, -128 to 127.</source>
        <translation>presence: Priorität, -128 bis 127.</translation>
    </message>
    <message>
        <source>presence: stay online SECONDS, then exit.</source>
        <translation>presence: SECONDS Sekunden online bleiben, dann beenden.</translation>
    </message>
    <message>
        <source>What to do (see above).</source>
        <translation>Was zu tun ist (siehe oben).</translation>
    </message>
    <message>
        <source>No command given.</source>
        <translation>Kein Befehl angegeben.</translation>
    </message>
    <message>
        <source>Unknown command “%1”.</source>
        <translation>Unbekannter Befehl „%1“.</translation>
    </message>
    <message>
        <source>The option --%1 does not apply to “%2”.</source>
        <translation>Die Option --%1 gilt nicht für „%2“.</translation>
    </message>
    <message>
        <source>“%1” is not a valid address: %2</source>
        <translation>„%1“ ist keine gültige Adresse: %2</translation>
    </message>
    <message>
        <source>--type must be chat, normal or headline.</source>
        <translation>--type muss chat, normal oder headline sein.</translation>
    </message>
    <message>
        <source>--count must be a positive number.</source>
        <translation>--count muss eine positive Zahl sein.</translation>
    </message>
    <message>
        <source>--show must be away, chat, dnd or xa.</source>
        <translation>--show muss away, chat, dnd oder xa sein.</translation>
    </message>
    <message>
        <source>--priority must be a number from -128 to 127.</source>
        <translation>--priority muss eine Zahl von -128 bis 127 sein.</translation>
    </message>
    <message>
        <source>--stay must be a number of seconds.</source>
        <translation>--stay muss eine Anzahl Sekunden sein.</translation>
    </message>
    <message>
        <source>Natter&apos;s command-line XMPP client.

Commands:
  send TO BODY [--type chat|normal|headline] [--subject S]
        Send a message; exit 0 once the server holds it.
  listen [--count N]
        Go online and print each incoming message as one line:
        FROM&lt;TAB&gt;TYPE&lt;TAB&gt;BODY (line breaks in BODY as \n, tabs as \t, backslashes
        as \\), or with --json one object per line with the keys from, to, type,
        id, body, subject, thread, error. Exit 0 after N messages.
  roster            One line per contact: JID&lt;TAB&gt;NAME&lt;TAB&gt;SUBSCRIPTION&lt;TAB&gt;GROUPS
  add CONTACT [--name N] [--group G]... [--subscribe]
  remove CONTACT
  subscribe CONTACT     Ask to see the contact&apos;s presence.
  approve CONTACT       Let the contact see your presence.
  deny CONTACT          Refuse (or revoke) the contact&apos;s subscription.
  unsubscribe CONTACT   Stop seeing the contact&apos;s presence.
  presence [--show away|chat|dnd|xa] [--status TEXT] [--priority N] [--stay SECONDS]
        Go online with this presence; stay SECONDS (default: until interrupted).
  online            Contacts&apos; available resources: FULLJID&lt;TAB&gt;SHOW&lt;TAB&gt;STATUS
  history CONTACT [--limit N] [--profile NAME]
        Fetch what the server archived (XEP-0313) into the profile&apos;s message store,
        then print the last N messages with CONTACT (default 50), oldest first:
        TIME&lt;TAB&gt;DIRECTION&lt;TAB&gt;ID&lt;TAB&gt;STATE&lt;TAB&gt;BODY (TIME in UTC, ISO 8601;
        DIRECTION in or out; STATE queued, pending, sent, failed or received; BODY
        escaped as for listen), or with --json one object per line with the keys
        time, direction, from, to, id, stanza_id, origin_id, state, body.
  search TEXT [--limit N] [--profile NAME]
        Search the profile&apos;s message store of the account (no login, no password;
        every word must match) and print up to N hits (default 50), newest first:
        TIME&lt;TAB&gt;PEER&lt;TAB&gt;DIRECTION&lt;TAB&gt;BODY, or with --json objects with the keys
        of history and peer. Without a store yet: no hits, a note on stderr, exit 0.

history and search use the message store of the desktop app&apos;s profile (--profile,
default &quot;default&quot;), one per account.

The password comes from NATTER_PASSWORD, else --password-file, else it is asked
for on the terminal. The address may also come from NATTER_JID.

Exit status: 0 ok, 2 usage, 3 timeout, 4 authentication failed, 5 certificate not
trusted (the fingerprint is printed), 6 cannot connect, 7 the server or peer
answered with an error, 8 the message store cannot be opened.</source>
        <translation>Der Kommandozeilen-XMPP-Client von Natter.

Befehle:
  send TO BODY [--type chat|normal|headline] [--subject S]
        Eine Nachricht senden; Exit-Status 0, sobald der Server sie hat.
  listen [--count N]
        Online gehen und jede eingehende Nachricht als eine Zeile ausgeben:
        FROM&lt;TAB&gt;TYPE&lt;TAB&gt;BODY (Zeilenumbrüche in BODY als \n, Tabulatoren als \t,
        Backslashes als \\), oder mit --json ein Objekt pro Zeile mit den Schlüsseln
        from, to, type, id, body, subject, thread, error. Exit-Status 0 nach
        N Nachrichten.
  roster            Eine Zeile pro Kontakt: JID&lt;TAB&gt;NAME&lt;TAB&gt;SUBSCRIPTION&lt;TAB&gt;GROUPS
  add CONTACT [--name N] [--group G]... [--subscribe]
  remove CONTACT
  subscribe CONTACT     Um Sicht auf den Status des Kontakts bitten.
  approve CONTACT       Den Kontakt den eigenen Status sehen lassen.
  deny CONTACT          Das Abonnement des Kontakts ablehnen (oder widerrufen).
  unsubscribe CONTACT   Den Status des Kontakts nicht mehr sehen.
  presence [--show away|chat|dnd|xa] [--status TEXT] [--priority N] [--stay SECONDS]
        Mit diesem Status online gehen; SECONDS Sekunden online bleiben (Standard:
        bis zur Unterbrechung).
  online            Verfügbare Ressourcen der Kontakte: FULLJID&lt;TAB&gt;SHOW&lt;TAB&gt;STATUS
  history CONTACT [--limit N] [--profile NAME]
        Das vom Server Archivierte (XEP-0313) in den Nachrichtenspeicher des Profils
        abrufen, dann die letzten N Nachrichten mit CONTACT (Standard 50) ausgeben,
        älteste zuerst: TIME&lt;TAB&gt;DIRECTION&lt;TAB&gt;ID&lt;TAB&gt;STATE&lt;TAB&gt;BODY (TIME in UTC,
        ISO 8601; DIRECTION in oder out; STATE queued, pending, sent, failed oder
        received; BODY maskiert wie bei listen), oder mit --json ein Objekt pro Zeile
        mit den Schlüsseln time, direction, from, to, id, stanza_id, origin_id, state,
        body.
  search TEXT [--limit N] [--profile NAME]
        Den Nachrichtenspeicher des Kontos im Profil durchsuchen (keine Anmeldung,
        kein Passwort; jedes Wort muss vorkommen) und bis zu N Treffer (Standard 50)
        ausgeben, neueste zuerst: TIME&lt;TAB&gt;PEER&lt;TAB&gt;DIRECTION&lt;TAB&gt;BODY, oder mit
        --json Objekte mit den Schlüsseln von history und peer. Noch ohne Speicher:
        keine Treffer, ein Hinweis auf stderr, Exit-Status 0.

history und search verwenden den Nachrichtenspeicher des Profils der Desktop-App
(--profile, Standard &quot;default&quot;), einen pro Konto.

Das Passwort kommt aus NATTER_PASSWORD, sonst aus --password-file, sonst wird es
im Terminal abgefragt. Die Adresse kann auch aus NATTER_JID kommen.

Exit-Status: 0 OK, 2 falscher Aufruf, 3 Zeitüberschreitung, 4 Authentifizierung
fehlgeschlagen, 5 Zertifikat nicht vertrauenswürdig (der Fingerabdruck wird
ausgegeben), 6 keine Verbindung möglich, 7 der Server oder die Gegenseite hat mit
einem Fehler geantwortet, 8 der Nachrichtenspeicher kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>history, search: the profile whose message store is used (default: %1).</source>
        <translation>history, search: das Profil, dessen Nachrichtenspeicher verwendet wird (Standard: %1).</translation>
    </message>
    <message>
        <source>history, search: at most N messages (default 50).</source>
        <translation>history, search: höchstens N Nachrichten (Standard 50).</translation>
    </message>
    <message>
        <source>Nothing to search for.</source>
        <translation>Kein Suchbegriff angegeben.</translation>
    </message>
    <message>
        <source>--limit must be a positive number.</source>
        <translation>--limit muss eine positive Zahl sein.</translation>
    </message>
    <message numerus="yes">
        <source>“%1” takes %n argument(s).</source>
        <translation>
            <numerusform>„%1“ erwartet %n Argument.</numerusform>
            <numerusform>„%1“ erwartet %n Argumente.</numerusform>
        </translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>Passwort für %1: </translation>
    </message>
    <message>
        <source>No password: set NATTER_PASSWORD or use --password-file.
</source>
        <translation>Kein Passwort: Setzen Sie NATTER_PASSWORD oder verwenden Sie --password-file.
</translation>
    </message>
</context>
<context>
    <name>natter::cli::CliRunner</name>
    <message numerus="yes">
        <source>Timed out after %n second(s).</source>
        <translation>
            <numerusform>Zeitüberschreitung nach %n Sekunde.</numerusform>
            <numerusform>Zeitüberschreitung nach %n Sekunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Subject: %1; issuer: %2; valid %3 to %4.</source>
        <translation>Ausgestellt für: %1; ausgestellt von: %2; gültig von %3 bis %4.</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>If you trust this certificate, run again with --pin-sha256 %1</source>
        <translation>Wenn Sie diesem Zertifikat vertrauen, starten Sie erneut mit --pin-sha256 %1</translation>
    </message>
    <message>
        <source>The server did not confirm: %1</source>
        <translation>Der Server hat nicht bestätigt: %1</translation>
    </message>
    <message>
        <source>The message was not delivered: %1</source>
        <translation>Die Nachricht wurde nicht zugestellt: %1</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>Listening as %1</source>
        <translation>Empfangsbereit als %1</translation>
    </message>
    <message>
        <source>The server did not send the roster: %1</source>
        <translation>Der Server hat die Kontaktliste nicht gesendet: %1</translation>
    </message>
    <message>
        <source>The server refused to add the contact: %1</source>
        <translation>Der Server hat das Hinzufügen des Kontakts abgelehnt: %1</translation>
    </message>
    <message>
        <source>The server refused to remove the contact: %1</source>
        <translation>Der Server hat das Entfernen des Kontakts abgelehnt: %1</translation>
    </message>
    <message>
        <source>Online as %1</source>
        <translation>Online als %1</translation>
    </message>
    <message>
        <source>Could not fetch the history: %1</source>
        <translation>Der Verlauf konnte nicht abgerufen werden: %1</translation>
    </message>
    <message>
        <source>No messages are stored for %1 in the profile “%2” (natter-cli history fetches them).</source>
        <translation>Im Profil „%2“ sind keine Nachrichten für %1 gespeichert (natter-cli history ruft sie ab).</translation>
    </message>
</context>
<context>
    <name>natter::gui::GuiController</name>
    <message>
        <source>The stored password could not be read: %1</source>
        <translation>Das gespeicherte Passwort konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The demo stopped: %1</source>
        <translation>Die Demo wurde beendet: %1</translation>
    </message>
    <message>
        <source>The link could not be opened: %1</source>
        <translation>Der Link konnte nicht geöffnet werden: %1</translation>
    </message>
</context>
</TS>
