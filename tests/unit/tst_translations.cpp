// SPDX-License-Identifier: GPL-3.0-or-later
// The German translation compiled into natter-core (:/i18n) reaches texts made outside QObject
// classes: lupdate files a text under the context it reads at the call, and the lookup at run
// time must use the same one (a file-local tr() helper with another context silently stayed
// English for the login errors, link errors and the stream parser's messages).
#include "services/XmppUri.h"
#include "stream/ConnectionError.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

using namespace natter;
using namespace Qt::StringLiterals;

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_german.load(u":/i18n/natter_de.qm"_s));
        QVERIFY(QCoreApplication::installTranslator(&m_german));
    }

    void cleanupTestCase() { QCoreApplication::removeTranslator(&m_german); }

    void loginErrorsAreTranslated()
    {
        ConnectionError error(ConnectionError::Kind::AuthenticationFailed);
        error.condition = u"not-authorized"_s;
        const QString text = error.message();
        QVERIFY2(!text.contains(u"password is wrong"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Passwort"_s), qPrintable(text));
    }

    void streamErrorsAreTranslated()
    {
        ConnectionError error(ConnectionError::Kind::StreamError);
        error.condition = u"conflict"_s;
        const QString german = error.message();
        QCoreApplication::removeTranslator(&m_german);
        const QString english = error.message();
        QCoreApplication::installTranslator(&m_german);
        QVERIFY2(german != english, qPrintable(german));
    }

    void linkErrorsAreTranslated()
    {
        const XmppUri uri = XmppUri::parse(u"xmpp:romeo@example.net?message;body=%zz"_s);
        QVERIFY(!uri.isValid());
        QVERIFY2(!uri.error().isEmpty(), "no error text");
        QCoreApplication::removeTranslator(&m_german);
        const QString english =
            XmppUri::parse(u"xmpp:romeo@example.net?message;body=%zz"_s).error();
        QCoreApplication::installTranslator(&m_german);
        QVERIFY2(uri.error() != english, qPrintable(uri.error()));
    }

private:
    QTranslator m_german;
};

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
