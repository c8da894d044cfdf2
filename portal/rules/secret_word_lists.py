"""The secret-word lists, one per reading language (Tigrinya gets digits: see secret_words.py).

Chosen by hand: things you can see (nature, food, animals, the home, transport), no money or debt words, nothing
rude or unlucky in the language, at most six letters. Every list is checked by tests/rules/test_secret_words.py:
enough words for three-word secrets, each word in the language's own alphabet, no two words the same after
normalising, and no two words one typing slip apart (so "kat" and "kam" are never both in). The first three words
are the example on the pick-up page.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORD_LISTS: dict[str, tuple[str, ...]] = {
    "nl": _words("""
    zon fiets kaas appel beer berg bloem boek boom brood brug bus deur dijk duif eend ei fles gans geit gras
    hand hek hoed huis jas kam kers kip klok kraan krant kust lamp lepel lucht maan melk mier molen muur nest
    noot oven paard pan park plant pomp raam regen ring rok roos soep spin stoel straat strand tafel tent thee
    tuin uil vis vlag vogel wolk worm zee zout zwaan ijs sneeuw storm wind ster weide veld dak trap vloer bed
    bord vork emmer bezem pet sjaal riem knoop draad naald trein auto wiel bal fluit trom gitaar piano lied
    wortel prei sla kool erwt mais pruim meloen kiwi honing koffie suiker rijst tomaat hert egel kikker bij wesp
    merel meeuw reiger zwaluw kreeft krab mossel haring zebra tijger giraf panda koala kalf schelp steen klei
    blad stam tulp lelie mos varen wilg spar palm
    """),  # Dutch: 147 words
    "en": _words("""
    sun bike cheese moon star cloud rain snow wind storm river lake sea hill field tree leaf rose tulip lily
    grass seed apple pear plum grape lemon melon banana cherry peach carrot onion bean corn rice bread milk
    honey soup salt sugar butter egg jam cat dog horse sheep goat duck goose owl swan fox deer frog snail bee
    ant fish crab whale zebra tiger lion panda koala camel door window roof wall chair table lamp clock book pen
    cup plate spoon fork bottle bag basket sock shoe scarf glove button ring bus ship kite drum flute piano song
    garden park bridge road island tent nest shell stone sand wood candle mirror towel pillow bucket brush comb
    kettle oven key kiwi mango olive wheat daisy maple oak pine violet robin eagle rabbit turtle mouse pond
    cliff wave coffee juice pasta pizza sofa stairs gate fence castle rocket violin guitar
    """),  # English: 149 words
    "ar": _words("""
    شمس دراجة خبز قمر نجم غيمة مطر ثلج ريح بحر نهر بحيرة جبل تل غابة حقل شجرة ورقة زهرة عشب بذرة تفاح خوخ ليمون
    بطيخ موز كرز جزر بصل فول حمص حليب عسل شاي حساء ملح سكر زبدة بيض مربى كعك قطة حصان ماعز إوزة بجعة ثعلب دب
    غزال ضفدع حلزون نحلة سمكة حوت زرافة أسد باب نافذة سقف جدار كرسي طاولة سرير مصباح ساعة كتاب قلم فنجان صحن
    ملعقة شوكة كوب زجاجة حقيبة قبعة معطف جورب وشاح قفاز خاتم حافلة قطار قارب سفينة سيارة طائرة عود أغنية حديقة
    طريق جزيرة صدفة حجر رمل شمعة مرآة صابون منشفة وسادة دلو فرشاة مشط إبريق مفتاح برتقال تين زيتون عصفور حمامة
    أرنب سلحفاة برق ربيع صيف شتاء خريف نسيم سهل واحة كهف ينبوع قارورة مظلة صقر ببغاء هدهد فستان قميص سجادة مقعد
    درج لوح ممحاة دفتر
    """),  # Arabic: 134 words
    "uk": _words("""
    сонце човен хліб зірка хмара дощ сніг вітер гроза море річка озеро гора ліс поле дерево лист лілія трава
    зерно яблуко груша слива лимон диня банан вишня морква цибуля горох рис сир молоко мед чай суп сіль цукор
    масло яйце джем торт кіт кінь корова вівця коза качка гуска сова лебідь лисиця олень жаба равлик бджола
    мураха риба краб зебра тигр лев панда коала дім двері вікно дах стіна стіл ліжко лампа книга чашка ложка
    пляшка сумка пальто шарф ґудзик кільце потяг авто флейта пісня сад парк міст дорога пляж острів намет гніздо
    мушля камінь пісок свічка мило рушник відро щітка чайник ключ слон заєць їжак вовк білка жук мак дуб липа
    сосна береза клен верба калина глина перо вогонь зима весна літо осінь ранок вечір небо хвиля берег кава
    вода борщ огірок буряк кавун персик гриб ягода суниця лелека голуб курка півень коник мишка кролик папуга
    хата ковдра шафа
    """),  # Ukrainian: 150 words
    "tr": _words("""
    güneş araba ekmek ay yıldız bulut yağmur rüzgar deniz nehir göl dağ tepe orman tarla ağaç yaprak lale zambak
    çimen tohum elma armut erik üzüm limon kavun muz kiraz havuç soğan pirinç peynir süt bal çorba şeker reçel
    pasta kedi ördek kaz kuğu tilki geyik arı balık yengeç balina zebra kaplan aslan panda deve ev kapı çatı
    duvar masa yatak lamba saat kitap kalem fincan tabak kaşık çatal bardak şişe çanta şapka palto çorap atkı
    düğme yüzük otobüs tren tekne gemi uçak top davul flüt piyano şarkı bahçe park köprü plaj ada çadır yuva
    kabuk taş kum ayna sabun havlu yastık kova fırça ceviz fındık incir zeytin nar kayısı karpuz biber mantar
    çilek leylek serçe horoz tavuk tavşan sincap kirpi kartal martı çınar meşe çam kavak söğüt kış bahar sabah
    akşam dalga kıyı kahve pamuk yün ipek kilim halı perde minder sepet
    """),  # Turkish: 142 words
    "pl": _words("""
    słońce rower chleb chmura deszcz śnieg wiatr burza morze rzeka góra las pole drzewo liść róża lilia trawa
    ziarno jabłko śliwka wiśnia melon banan cebula fasola groch ryż ser mleko miód zupa sól cukier masło dżem
    ciasto tort kot pies owca kaczka gęś sowa łabędź żaba ślimak mrówka ryba krab zebra tygrys lew panda dom
    drzwi okno dach ściana łóżko lampa zegar kubek talerz łyżka torba but szalik guzik pociąg łódź statek piłka
    bęben flet ogród park most droga plaża wyspa namiot muszla kamień piasek drewno świeca lustro mydło wiadro
    klucz słoń zając jeż wilk żuk mak dąb lipa sosna brzoza zima wiosna lato jesień rano niebo fala brzeg kawa
    woda kasza ogórek arbuz orzech jagoda malina bocian wróbel gołąb kura kogut królik papuga żółw motyl kwiat
    owoc dywan szafa miska garnek sitko
    """),  # Polish: 133 words
}

# The letters each language writes its words in; a word with any other letter is in the wrong script or language
# (for Ukrainian: no Russian ё, ы, э, ъ).
ALPHABETS: dict[str, str] = {
    "nl": "abcdefghijklmnopqrstuvwxyz",
    "en": "abcdefghijklmnopqrstuvwxyz",
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "tr": "abcçdefgğhıijklmnoöprsştuüvyzâîû",
    "pl": "aąbcćdeęfghijklłmnńoóprsśtuwyzźż",
}
