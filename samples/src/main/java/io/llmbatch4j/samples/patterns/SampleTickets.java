package io.llmbatch4j.samples.patterns;

/** Realistic support-ticket texts the pattern samples send as prompts. */
final class SampleTickets {

    private static final String[] TEXTS = {
        "I was charged twice for my subscription this month, please fix it.",
        "I cannot log in since I reset my password yesterday evening.",
        "My parcel has been stuck in transit for nine days, where is it?",
        "The export button crashes the Android app every single time.",
        "How do I change the language of the dashboard to German?",
        "Your invoice shows the wrong VAT number for our company.",
        "Two-factor codes never arrive on my phone, I am locked out.",
        "The courier left my package at the wrong address.",
    };

    private SampleTickets() {}

    /** Ticket {@code i}'s text (the texts repeat; add the index to keep prompts distinct). */
    static String text(int i) {
        return TEXTS[i % TEXTS.length];
    }
}
