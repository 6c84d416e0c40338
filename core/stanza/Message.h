// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Stanza.h"

#include <QList>

namespace natter {

// <message/> (RFC 6121 §5).
class Message : public Stanza
{
public:
    enum class Type
    {
        Normal,
        Chat,
        Groupchat,
        Headline,
        Error
    };

    struct LocalizedText
    {
        QString lang; // empty: the stanza's (or stream's) default language
        QString text;
        bool operator==(const LocalizedText &) const = default;
    };

    Message();
    explicit Message(const XmlElement &element)
        : Stanza(element)
    {}

    Type type() const;
    void setType(Type type);
    static QString typeName(Type type);
    static std::optional<Type> typeFromName(QStringView name);

    // Every <body/> with its xml:lang.
    QList<LocalizedText> bodies() const;
    // The body best matching the language (exact tag, then primary subtag, then the body without
    // xml:lang, then the first one). An empty preferredLang picks the default body.
    QString body(const QString &preferredLang = {}) const;
    bool hasBody() const;
    void setBody(const QString &text, const QString &lang = {});
    void addBody(const QString &text, const QString &lang);

    QList<LocalizedText> subjects() const;
    QString subject(const QString &preferredLang = {}) const;
    bool hasSubject() const;
    void setSubject(const QString &text, const QString &lang = {});

    QString thread() const;
    QString parentThread() const;
    void setThread(const QString &thread, const QString &parent = {});

    // XEP-0359 origin-id.
    QString originId() const;
    void setOriginId(const QString &id);

    // Picks the text best matching preferredLang from a list (see body()).
    static QString pickLanguage(const QList<LocalizedText> &texts, const QString &preferredLang);

private:
    QList<LocalizedText> texts(QStringView name) const;
    void setTexts(const QString &name, const QString &text, const QString &lang, bool replace);
};

} // namespace natter
