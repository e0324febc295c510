"""Words the demo generator builds synthetic people and case texts from.

Every person made from these lists is fictitious: common first names and
surnames combined at random, invented street and school names, and telephone
numbers from the series the Swedish Post and Telecom Authority (PTS) reserves
for fiction (08-465 004 00–99, 070-174 06 05–99), so no generated contact
detail reaches a real subscriber.
"""

# fmt: off
GIRLS = (
    "Alice", "Maja", "Vera", "Elsa", "Astrid", "Alma", "Wilma", "Ella", "Freja", "Ebba",
    "Olivia", "Selma", "Agnes", "Saga", "Clara", "Stella", "Lilly", "Ellen", "Signe", "Ines",
    "Nora", "Alva", "Ida", "Linnea", "Moa", "Tyra", "Ronja", "Siri", "Hedda", "Juni",
    "Amina", "Sara", "Leila", "Yasmin", "Hanna", "Mariam", "Fatima", "Noor", "Hawa", "Zahra",
    "Emilia", "Julia", "Nova", "Iris", "Lova", "Märta", "Elvira", "Tilde", "Ester", "Edith",
)
BOYS = (
    "Noah", "William", "Hugo", "Liam", "Lucas", "Oliver", "Elias", "Adam", "Alexander", "Leo",
    "Viktor", "Isak", "Oscar", "Axel", "Theo", "Frans", "Ludvig", "Vincent", "Harry", "Nils",
    "Melvin", "Sixten", "Albin", "Arvid", "Edvin", "Malte", "Gustav", "Filip", "Emil", "Anton",
    "Omar", "Yusuf", "Ali", "Ibrahim", "Mohamed", "Abdi", "Ahmed", "Hassan", "Samir", "Daniel",
    "Jonathan", "Milo", "Otto", "Wilmer", "Alvin", "Josef", "Kevin", "Sebastian", "David", "Sam",
)
ADULT_WOMEN = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Malin", "Johanna", "Sofia",
    "Jenny", "Linda", "Camilla", "Helena", "Therese", "Petra", "Amal", "Fadumo", "Nadia",
    "Sanna", "Ulrika", "Frida", "Elin", "Maryam", "Jessica", "Katarina", "Cecilia", "Ida",
)
ADULT_MEN = (
    "Johan", "Erik", "Anders", "Mikael", "Peter", "Fredrik", "Daniel", "Thomas", "Andreas",
    "Jonas", "Magnus", "Stefan", "Martin", "Mattias", "Niklas", "Patrik", "Ahmed", "Khalid",
    "Mustafa", "Hamid", "Marcus", "Henrik", "Tobias", "Robert", "Kristoffer", "Joakim",
)
SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Lindberg", "Lindqvist", "Lindström", "Berglund", "Sandberg", "Forsberg", "Sjöberg",
    "Engström", "Wallin", "Holm", "Nyström", "Björk", "Lundgren", "Axelsson", "Fransson",
    "Hussein", "Mohamed", "Ali", "Ahmed", "Hassan", "Yilmaz", "Nguyen", "Kaya", "Khalil",
    "Rodríguez", "Novak", "Kowalski", "Haddad", "Warsame", "Abdullahi", "Öberg", "Ekström",
    "Hedlund", "Sundqvist", "Blom", "Falk", "Strand", "Lund", "Åberg", "Ström", "Dahl",
)
STREETS = (
    "Björkvägen", "Granstigen", "Ekbacken", "Lönngatan", "Rönnvägen", "Häggstigen",
    "Aspgränd", "Lindallén", "Almvägen", "Hasselbacken", "Tallstigen", "Sälgvägen",
    "Klövergatan", "Blåklocksvägen", "Vallmostigen", "Ängsvägen", "Kvarnbacken", "Sjövägen",
)
SCHOOL_PREFIXES = (
    "Ekbackens", "Tallkrogens", "Solbackens", "Rönnens", "Ängsbo", "Sjöviks", "Björkhagens",
    "Lindens", "Kvarnbyns", "Hasselbo", "Granbackens", "Ljungby", "Stensjö", "Norrviks",
)
# fmt: on
#: Telephone numbers reserved by PTS for fiction (no subscriber ever has them).
FICTION_PHONES_LANDLINE = tuple(f"08-465 004 {n:02d}" for n in range(100))
FICTION_PHONES_MOBILE = tuple(f"070-174 06 {n:02d}" for n in range(5, 100))

DESCRIPTIONS = {
    "violence": (
        "Barnet berättar att pappa slår när han blir arg. Blåmärke på överarmen.",
        "Barnet har ett märke på kinden och säger att mamma slog i går kväll.",
        "Barnet är rädd att gå hem och säger att det blir bråk och slag hemma.",
    ),
    "witnessing_violence": (
        "Polis kallad till bostaden efter larm om bråk; barnet var hemma och såg våldet.",
        "Barnet berättar att pappa har slagit mamma flera gånger när barnet var hemma.",
    ),
    "sexual_abuse": (
        "Barnet har berättat för mentor om övergrepp av en vuxen i närheten av familjen.",
        "Oro för sexuella övergrepp efter uppgifter som barnet lämnat till skolkuratorn.",
    ),
    "honour": (
        "Barnet uppger att hon inte får träffa vänner och att familjen planerar giftermål.",
        "Barnet är rädd för familjens reaktion och uppger hot om att skickas utomlands.",
    ),
    "infant_injury": (
        "Spädbarn inkommit till barnakuten med fraktur utan förklarad skademekanism.",
        "Blåmärken på spädbarnet som inte kan förklaras av vårdnadshavarna.",
    ),
    "neglect": (
        "Barnet kommer ofta hungrigt till skolan och i för tunna kläder för årstiden.",
        "Barnet hämtas sent eller inte alls från förskolan; vårdnadshavaren är svår att nå.",
        "Barnet har obehandlade tandskador och missade vårdbesök.",
    ),
    "parent_substance": (
        "Vårdnadshavaren har vid flera hämtningar verkat påverkad av alkohol.",
        "Polisen har påträffat vårdnadshavaren narkotikapåverkad med barnet närvarande.",
    ),
    "parent_mental_health": (
        "Vårdnadshavaren har allvarlig psykisk ohälsa och orkar inte ta hand om barnet.",
        "Vårdnadshavaren är inlagd i psykiatrisk vård och det är oklart vem som tar hand "
        "om barnet.",
    ),
    "school_absence": (
        "Hög frånvaro sedan terminsstart, över 40 procent, och kontakten med hemmet har "
        "inte gett resultat.",
        "Barnet har inte varit i skolan på flera veckor och vårdnadshavarna svarar inte.",
    ),
    "child_behaviour": (
        "Barnet har gripits för snatteri och rör sig ute sent på kvällarna med äldre ungdomar.",
        "Oro för att barnet använder narkotika och har kontakt med kriminella kretsar.",
        "Barnet skadar sig själv och har uttryckt tankar på att inte vilja leva.",
    ),
    "parental_conflict": (
        "Långvarig konflikt mellan föräldrarna om vårdnad och boende där barnet hamnar i kläm.",
        "Barnet berättar att föräldrarna bråkar högljutt och att barnet inte sover på nätterna.",
    ),
    "other": (
        "Anmälaren är allmänt orolig för barnets situation men kan inte precisera oron.",
        "Familjen saknar fast bostad och bor tillfälligt hos olika bekanta.",
    ),
}

PROTECTION_TEXTS = (
    "Inget omedelbart skyddsbehov bedöms föreligga utifrån uppgifterna i anmälan.",
    "Barnet bedöms inte vara i behov av omedelbart skydd; förhandsbedömning inleds.",
    "Uppgifterna ger inte stöd för ett akut skyddsbehov. Kontakt tas med vårdnadshavare.",
)
PROTECTION_TEXTS_URGENT = (
    "Barnet bedöms vara i behov av omedelbart skydd. Kontakt med socialjouren och polis.",
    "Akut skyddsbehov: barnet placeras tillfälligt hos närstående i väntan på utredning.",
)
OPEN_MOTIVATIONS = (
    "Uppgifterna i anmälan är allvarliga och kräver en utredning av barnets behov.",
    "Oron kvarstår efter samtal med vårdnadshavare och barn; utredning inleds.",
    "Upprepade anmälningar med likartad oro; barnets situation behöver utredas.",
)
NOT_OPEN_MOTIVATIONS = (
    "Vårdnadshavarna har tagit emot stöd via öppenvården och oron bedöms inte kvarstå.",
    "Samtal med barn och vårdnadshavare visar att det finns skydd och omsorg; ingen "
    "ytterligare åtgärd bedöms behövas.",
    "Oron har klarlagts i samtal med skolan och vårdnadshavarna; familjen hänvisas till "
    "familjemottagningen.",
    "Anmälan avser en enskild händelse som har hanterats av vårdnadshavarna.",
)
ONGOING_MOTIVATIONS = ("Anmälan tillförs den pågående utredningen om barnet.",)
TRANSFER_MOTIVATIONS = (
    "Familjen har flyttat; ärendet överflyttas till den kommun där barnet nu bor.",
)
EXCEPTIONAL_REASONS = (
    "Barnet har varit utomlands med vårdnadshavarna och har inte gått att nå för samtal.",
    "Väntan på uppgifter från hälso- och sjukvården som är avgörande för bedömningen.",
    "Polisens förundersökning har krävt att samtal med barnet skjutits upp.",
)
EXTENSION_REASONS = (
    "Inväntar utlåtande från barn- och ungdomspsykiatrin.",
    "Vårdnadshavarna har varit svåra att nå; utredningen behöver mer tid för samtal.",
    "Polisutredning pågår parallellt och barnförhör väntar.",
)
NOT_HELD_REASONS = (
    "Barnet är för ungt för samtal.",
    "Vårdnadshavarna motsatte sig samtal och uppgifterna bedömdes inte kräva samtal utan samtycke.",
    "Barnet ville inte samtala.",
    "Barnet har inte gått att nå under förhandsbedömningen.",
)
CONVERSATION_NOTES = (
    "Samtal i skolan med stöd av mentor. Barnet fick information om anmälan.",
    "Samtal med tolk. Barnet berättade om sin vardag och sina önskemål.",
    "Barnet samtalade enskilt och ville att mamma skulle få veta vad som sades.",
)
#: Journal entries by kind (journal.models.Kind): (participants, text).
JOURNAL_NOTES = {
    "phone_call": (
        ("Mamma", "Telefonsamtal med mamma. Hon bekräftar oron och vill ha stöd."),
        ("Pappa", "Pappa ringde och ville veta hur anmälan hanteras. Informerad om processen."),
    ),
    "meeting": (
        ("Mamma, pappa", "Möte på kontoret med vårdnadshavarna. Anmälan gicks igenom."),
        ("Mamma", "Möte med mamma. Hon berättade om familjens situation och nätverk."),
    ),
    "home_visit": (
        ("Mamma, barnet", "Hembesök. Bostaden städad, barnet visade sitt rum."),
        ("Pappa", "Hembesök. Pappa hemma; barnet i skolan. Kylskåpet välfyllt."),
    ),
    "conversation": (("Barnet", "Samtal med barnet i skolan, mentor närvarande i början."),),
    "collateral": (
        ("Mentor", "Kontakt med mentor: frånvaron har minskat sedan i höstas."),
        ("BVC-sjuksköterska", "Kontakt med BVC. Barnet följer kontrollprogrammet."),
        ("Skolkurator", "Kontakt med skolkurator som har stödsamtal med barnet."),
    ),
    "note": (
        ("", "Anteckning: väntar på svar från skolan om närvaro."),
        ("", "Anteckning: vårdnadshavarna har inte svarat på kallelsen; ny kallelse skickad."),
    ),
}
#: The share of cases whose journal the demo writes, and the entries each gets at most.
JOURNAL_SHARE = 0.35
JOURNAL_MOST = 4

POLICE_MOTIVATIONS = {
    "reported": ("Misstanke om brott mot barn; polisanmälan görs.",),
    "not_now": (
        "Uppgifterna är i nuläget för oklara för en polisanmälan; frågan omprövas.",
        "Barnet har inte kunnat höras ännu; ställningstagandet omprövas.",
    ),
    "already_reported": ("Händelsen är redan polisanmäld av anmälaren.",),
}
FEEDBACK_NOTES = (
    "Anmälaren informerad om beslutet.",
    "Återkoppling lämnad per telefon till anmälaren.",
    "",
)
EARLIER_REPORTS_MOTIVATIONS = (
    "De tidigare anmälningarna gällde en annan oro som är utredd och avslutad med insats.",
    "Den tidigare anmälan gällde samma händelse och har redan bedömts.",
    "Familjen har sedan den förra anmälan stöd via öppenvården; oron har minskat.",
    "De tidigare anmälningarna ledde till samtal med familjen och oron har inte återkommit.",
)
#: Reasons a worker gives for going past a rule that warns (avsteg), by rule id.
OVERRIDE_REASONS = {
    "earlier_reports_motivation": (
        "Se beslutets motivering.",
        "De tidigare anmälningarna är kända och bedömda sedan tidigare.",
    ),
    "child_heard": (
        "Samtal bokas med barnet efter beslutet.",
        "Barnet har inte gått att nå; vårdnadshavarna informerade.",
    ),
    "police_consideration": (
        "Polisen är redan informerad av anmälaren.",
        "Övervägs i samråd med arbetsledaren efter beslutet.",
    ),
    "serious_investigate_at_once": (
        "Händelsen är utredd av polisen och barnet har skydd; ingen utredning behövs.",
        "Uppgiften om våld har dementerats av anmälaren efter kontakt.",
        "Familjen har redan insats som täcker behovet.",
    ),
}
OTHER_OVERRIDE_REASONS = ("Avsteg efter bedömning i samråd med arbetsledaren.",)
COSIGN_REASONS = (
    "Oron är bedömd; vårdnadshavarnas uppgifter stöds av skolan.",
    "Barnet har skydd och familjen tar emot stöd; beslutet kontrasigneras.",
)
RULE_SETTING_NOTES = {
    "warn": "Demokommunen: införandefas, regeln varnar och avsteg kräver skäl.",
    "default": "Demokommunen: riktlinjerna gäller från införandet.",
    "after_warnings": "Demokommunen: införandefasen är slut, regeln gäller fullt ut.",
}
#: A decision's motivation, by kind (`casework.Decision.Kind`).
DECISION_MOTIVATIONS = {
    "open_investigation": OPEN_MOTIVATIONS,
    "not_open": NOT_OPEN_MOTIVATIONS,
    "already_ongoing": ONGOING_MOTIVATIONS,
    "transfer": TRANSFER_MOTIVATIONS,
}
