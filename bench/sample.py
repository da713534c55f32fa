"""Sample answers for the benchmark: an imaginary deputy county head reviewing himself.

Every sentence here was written for the benchmark (none is taken from ../shared/seed/).
`answer(question, size)` gives the text typed for a question; size 1 makes a draft of
about 6,000 字 (the size of a real self-review), size 4 and 16 repeat more sentences per
answer so the same questions make a draft four and sixteen times as long.
"""

from __future__ import annotations

from bot.interview.engine import NO, YES, Question

POSITION = "县委常委、常务副县长"
NAME = "周明远"
UNIT = "某县人民政府"

# Work done (theme.lead): what the official did, before the turn to shortcomings.
_WORK = (
    "一年来，本人按照县委安排，认真参加各类专题学习，撰写学习体会，在分管领域组织开展了专题宣讲。",
    "围绕分管的城建、水利工作，本人牵头推进了一批重点项目，基本完成了年初确定的目标任务。",
    "在为民办实事中，本人主动领办了农村供水和老旧小区改造两个项目，群众反映总体较好。",
    "本人坚持重大问题向县委请示报告，带头落实领导干部个人有关事项报告制度，严守各项纪律规矩。",
    "面对疫情防控和防汛救灾任务，本人按照分工靠前指挥，与同志们一起守住了安全底线。",
    "本人注重加强与分管部门的沟通，定期听取工作汇报，及时协调解决工作推进中的困难和问题。",
)
_TURN = "但对照要求检视自身，还存在以下不足："

# Problem titles, one per problem (five aspects, three problems each).
_TITLES = (
    "学习党史浮在面上", "运用理论指导实践不够", "政治敏锐性有所欠缺",
    "初心使命感悟不深", "联系群众渠道不畅", "攻坚克难劲头不足",
    "民生实事推进不快", "解决急难愁盼不够主动", "服务企业不够精准",
    "防范化解风险意识不强", "应急处置能力有短板", "斗争精神有所弱化",
    "以案促改不够深入", "落实八项规定有松动", "对分管领域监督不严",
)

# How a problem shows (problem.detail).
_DETAILS = (
    "今年以来虽然按计划参加了中心组学习，但多是听辅导、读原文，结合分管工作思考得少，写心得时常常套用现成的提法。",
    "个人自学时间经常被会议和下乡检查挤占，有时一周也翻不开一本书，学习笔记记了不少，回头再看的时候很少。",
    "对党史中的重大事件和重要会议只记住了时间和结论，对其中的历史逻辑和现实启示琢磨不够，讲起来底气不足。",
    "在研究分管领域工作时，习惯于按上级文件的要求逐条分解任务，很少主动从全局和长远的角度去谋划思路。",
    "面对一些群众反映强烈的老问题，总想等条件成熟了再解决，有等一等、看一看的想法，错过了最佳处置时机。",
    "下基层调研时，行程大多由乡镇提前安排，看的是准备好的点，听的是整理好的汇报，真正掌握的一手情况不多。",
    "与普通群众面对面交流的次数偏少，接访时更多是交给相关部门去办，对办理结果跟踪问效做得不够到位。",
    "对分管部门报上来的材料有时只看结论不看过程，对数据背后的问题追问不多，导致一些苗头性问题发现较晚。",
    "推动工作时习惯于开会部署、发文督促，深入一线解决具体困难做得不够，有的任务年初定了年底还没有落地。",
    "对新领域新业态的知识学得不够，遇到专业性强的问题容易依赖部门意见，自己拿主意、作决断的能力有欠缺。",
    "在处理涉及多个部门的事项时，协调推动的力度不够，遇到推诿扯皮往往是反复开会，没有拿出硬办法来。",
    "对身边工作人员要求不够严格，有时出于人情考虑对一些小问题没有及时指出，批评与自我批评的辣味不足。",
    "抓安全生产和防汛等工作时，对隐患排查的部署多、督查少，认为基层报上来的“零隐患”就是真的没有隐患。",
    "在经济下行压力较大时，对企业反映的用地、融资难题研究得不深，答复多是政策原则，帮助解决的实招不多。",
    "对照先进地区的做法找差距不够主动，满足于在本市排名靠前，缺少跳出本地看发展的眼光和争先进位的劲头。",
    "有时把主要精力放在迎接检查和完成考核指标上，对群众是否真正满意考虑得不够，存在重痕迹轻实效的倾向。",
)

# Concrete cases (problem.example).
_EXAMPLES = (
    "今年四月中心组专题学习时，我的发言稿主要由办公室起草，自己只改了几处措辞，讲的内容与分管工作联系不紧。",
    "全年计划自学党史读物六本，实际读完的只有两本，其中一本还是在年底集中补读的，没有做到学用结合。",
    "八月到某镇调研农村供水工程，只看了两个建好的示范点，对群众反映集中的几个村管网老化问题没有到现场察看。",
    "城东片区老旧小区加装电梯的事项，群众从去年起多次反映，我批转给住建部门后没有跟进，到十一月才开第一次协调会。",
    "某企业九月提出的厂房用地调规申请，在几个部门之间转了两个多月，我听取过一次汇报，但没有召集专题会议拍板。",
    "今年汛前检查中，我带队看了三座小型水库，对其中一座溢洪道护坡破损的问题只要求尽快处理，没有明确责任人和时限。",
    "警示教育后，我所在支部的对照检查列出了问题清单，但我没有逐项督促整改，有两项至今未销号。",
    "年中走访的二十家企业中，有六家反映审批环节多、时间长，我当时记录在案，但会后只发了一个督办通知，没有追踪落实。",
    "十月一次安全生产专项督查中，发现某建筑工地存在违规作业，我只是口头提醒，没有要求停工整改。",
    "下半年分管部门上报的民生实事进度有三项滞后，我在调度会上只是提出要求，没有深入一线帮助协调资金和土地问题。",
)

_CAUSES = ("理想信念有所弱化", "宗旨意识树得不牢", "党性修养有所放松", "担当精神有所减退",
           "纪律规矩意识淡化", "政绩观存在偏差")
_CAUSE_DETAILS = (
    "总认为自己长期在基层工作，理论功底和政治立场没有问题，放松了理论学习和思想改造，理想信念的“总开关”拧得不够紧。",
    "随着职务变化和工作年限增加，与群众直接打交道少了，对群众的冷暖安危感受不深，不知不觉中把自己当成了管理者。",
    "对党性锻炼的长期性、艰巨性认识不足，以为开过会、学过文件就算修养到位了，对自身的小毛病小问题放任不管。",
    "面对复杂矛盾时怕出错、怕担责，求稳的想法多了，敢闯敢试的劲头少了，在一些急难险重任务面前存在畏难情绪。",
    "对正反两方面典型案例的警示作用重视不够，总觉得违纪违法离自己很远，纪律规矩意识在日常小事上有所松懈。",
    "政绩观有偏差，看重看得见的项目和排名，对打基础、利长远的工作投入精力不够，没有真正把群众满意作为标尺。",
)

_MEASURES = ("深化理论武装筑牢信仰根基", "践行群众路线厚植为民情怀", "强化担当作为狠抓工作落实",
             "严守纪律规矩永葆清廉本色", "坚持立行立改抓好问题整改", "提升能力本领增强履职实效")
_MEASURE_DETAILS = (
    "把学习党的创新理论作为第一议题，每月至少精读一本理论书籍，每季度结合分管工作撰写一篇有分析、有对策的调研报告。",
    "坚持每月到联系点蹲点调研一次，直接到群众家中了解情况，对群众反映的问题建立台账，做到件件有回音、事事有着落。",
    "对年初确定的重点任务实行清单化管理，明确时间表和责任人，每月调度一次，对推进滞后的事项现场办公、限时解决。",
    "严格落实中央八项规定及其实施细则精神，管好自己和身边工作人员，主动接受组织和群众监督，始终做到清正廉洁。",
    "对照这次检视出的问题逐条制定整改措施，能立即改的马上改，需要长期坚持的建立制度，整改情况在一定范围内公开。",
    "加强对新知识新领域的学习，多向专家和基层同志请教，提高科学决策、依法行政和应急处置的能力，做到善作善成。",
)

# size -> (sentences repeated per free-text answer, problems per aspect, causes, measures). Chosen so the draft
# is about 6,000 / 24,000 / 96,000 字; sizes 1 and 4 stay within the 2021 profile's length
# limits (typed through the interview), 16 does not (the profile allows about 45,000 字),
# so that size is only ever written straight into the database.
SIZES: dict[int, tuple[int, int, int, int]] = {1: (1, 3, 5, 5), 4: (4, 4, 4, 4), 16: (15, 4, 6, 6)}


def _cycle(pool: tuple[str, ...], start: int, count: int) -> str:
    return "".join(pool[(start + j) % len(pool)] for j in range(count))


def answer(q: Question, size: int = 1) -> str:
    """What the imaginary official answers to q; choices answer with their value (yes/no)."""
    parts = q.id.split(".")
    repeat, problems, causes, measures = SIZES[size]
    if q.id == "author.position":
        return POSITION
    if q.id == "author.name":
        return NAME
    if q.id == "author.unit":
        return UNIT
    if q.kind == "theme.lead":
        aspect = int(parts[1])
        return _cycle(_WORK, aspect, 2 * repeat) + _TURN
    if q.kind.startswith("problem."):
        aspect, k = int(parts[1]), int(parts[3])
        index = (aspect - 1) * problems + (k - 1)
        if q.kind == "problem.title":
            return _TITLES[index % len(_TITLES)]
        if q.kind == "problem.detail":
            return _cycle(_DETAILS, 3 * index, 3 * repeat)
        if q.kind == "problem.example":
            return _cycle(_EXAMPLES, index, repeat)
        return YES if k < problems else NO
    if q.kind == "declaration.answer":
        return NO
    if q.kind.startswith(("cause.", "measure.")):
        k = int(parts[1])
        cause = q.kind.startswith("cause.")
        titles, details = (_CAUSES, _CAUSE_DETAILS) if cause else (_MEASURES, _MEASURE_DETAILS)
        if q.kind.endswith(".more"):
            return YES if k < (causes if cause else measures) else NO
        if q.kind.endswith(".title"):
            return titles[(k - 1) % len(titles)]
        return _cycle(details, 2 * (k - 1), 3 * repeat)
    raise ValueError(f"no sample answer for {q.id}")


EDITED_TITLE = "学习党史仍停留在面上"
