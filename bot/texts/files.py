"""Texts of files: /draft, /export, importing an answers file."""

from __future__ import annotations

DRAFT_DONE = "已全部填写"
DRAFT_PARTIAL = "已完成{percent}%，未填写处标有“{pending}”"
DRAFT_HEADER = "【草稿】{state}，共{chars}字。"
DRAFT_LENGTH = "（此类材料一般为{min}～{max}字。）"
TEXT_FILE = "草稿文本文件（可在电脑上打开）。"
PREVIEW = "第1页预览{pages}，按正式公文格式排版。"
PAGES = "（共{pages}页）"
WORD_FILE = "Word 文件：按党政机关公文格式（GB/T 9704）排版，可直接修改、打印。"
PDF_FILE = "PDF 文件：便于在手机上查看；服务器上用免费字体代替公文字体，正式提交请以 Word 文件为准。"
ANSWERS_FILE = "答案-{profile}-{day:%Y%m%d}.yaml"
EXPORTED = "答案文件已导出。可在电脑上修改后发回给我导入。"
IMPORT_REFUSED = "⚠️ 无法导入“{name}”：\n{problems}{more}\n未作任何修改。"
IMPORT_MORE = "\n……另有{count}处"
IMPORT_OFFER = ("收到答案文件：{name}，{themes}个方面共{problems}个问题，{causes}条原因，{measures}条措施。\n"
                "导入后将新建一份材料并设为当前材料（原有材料保留在“我的材料”中）。确认导入吗？")
IMPORT_HOW = "导入方法：把答案文件（.yaml）作为文件发给我，确认后即导入。"
NOTHING_PENDING = "没有待导入的文件。"
IMPORT_CANCELLED = "已取消导入。"
IMPORTED = "导入完成。"
CONFIRM_WORDS = ("确认", "确认导入", "yes")
MATERIAL_OFFER = ("收到材料文件“{name}”，已按“{meeting}”的结构读出：{themes}个方面共{problems}个问题，{causes}条原因，"
                  "{measures}条措施，需要说明的事项{declarations}条。")
MATERIAL_UNPLACED = "\n有{count}段文字没有找到对应位置，导入后保留在暂存内容中（/held），一字不丢：\n{texts}"
MATERIAL_NOTES = "\n说明：{notes}"
MATERIAL_CONFIRM = "\n导入后将新建一份材料并设为当前材料（原有材料保留在“我的材料”中）。确认导入吗？"
MATERIAL_REFUSED = "⚠️ 无法读取“{name}”：{why}。未作任何修改。"
MATERIAL_EMPTY = ("⚠️ 无法导入“{name}”：没有读出材料的结构（没有找到“一、存在的主要问题”“（一）”“一是”等标题和编号）。"
                  "未作任何修改。如是整理好的答案，请发送答案文件（.yaml）；如是一段回答，请直接粘贴到对话中。")
MATERIAL_CHOOSE = "要按哪一次会议的结构读入这份材料？请先选择会议（/new），或打开一份同一会议的材料（/materials）后再发送文件。"
MATERIAL_KEPT = "导入完成。另有{count}段未归位的文字已暂存，发送 /held 查看。"
